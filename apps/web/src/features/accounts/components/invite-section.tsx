"use client";
import { EMAIL_MAX_LENGTH, type CreatedInvitation } from "@tandem/contract";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { createInvitation } from "@/features/accounts/client/invitations-api.ts";
import { FormAlert } from "./form-alert.tsx";
import { SecretBox } from "./secret-box.tsx";
import { Section } from "./section.tsx";
import { TextField } from "./text-field.tsx";

/** Sign-up is by invitation: an admin makes a sign-up link for one email and passes it on. */
export function InviteSection() {
  const [email, setEmail] = useState("");
  const [invitation, setInvitation] = useState<CreatedInvitation | null>(null);
  const invite = useMutation({
    mutationFn: () => createInvitation(email.trim()),
    onSuccess: (created) => {
      setInvitation(created);
      setEmail("");
    },
  });
  return (
    <Section title="Invite someone" description="Sign-up on this server is by invitation. Tandem sends no email: copy the link and pass it on yourself.">
      <form
        className="flex flex-col gap-3 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          if (email.trim() && !invite.isPending) invite.mutate();
        }}
      >
        <TextField className="sm:flex-1" label="Email" type="email" autoComplete="off" required maxLength={EMAIL_MAX_LENGTH} value={email} onChange={(e) => setEmail(e.target.value)} />
        <Button type="submit" variant="primary" disabled={invite.isPending} aria-busy={invite.isPending || undefined}>
          Invite
        </Button>
      </form>
      {invite.isError && (
        <div className="mt-3">
          <FormAlert>Could not create the invitation: {invite.error.message}</FormAlert>
        </div>
      )}
      {invitation && (
        <div role="region" aria-label="Invitation link" className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950">
          <p className="mb-3">
            Sign-up link for <strong>{invitation.email}</strong>, valid until{" "}
            <time dateTime={invitation.expiresAt}>{new Date(invitation.expiresAt).toLocaleString()}</time>:
          </p>
          <SecretBox value={new URL(invitation.url, window.location.origin).href} label="Sign-up link" />
        </div>
      )}
    </Section>
  );
}
