"use client";
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@tandem/contract";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { signUp } from "@/features/accounts/client/auth-api.ts";
import { authFailure, type AuthFailure } from "@/features/accounts/client/auth-error-message.ts";
import { signInPath } from "@/features/accounts/client/return-to.ts";
import { canSignUp, signUpOffer, useSignupPolicy, type SignUpOffer } from "@/features/accounts/client/signup-policy.ts";
import { AuthCard } from "./auth-card.tsx";
import { completeSignIn } from "./complete-sign-in.ts";
import { FormAlert } from "./form-alert.tsx";
import { formText } from "./form-text.ts";
import { SubmitButton } from "./submit-button.tsx";
import { TextField } from "./text-field.tsx";
import { useCoolDown } from "./use-cool-down.ts";

const LINK = "font-medium text-brand-700 underline underline-offset-2";

const REFUSED: Partial<Record<SignUpOffer, { title: string; text: string }>> = {
  closed: { title: "Sign-up is closed", text: "Sign-up is closed on this server. Ask an administrator to create an account for you." },
  "invitation-required": {
    title: "Sign-up needs an invitation",
    text: "Sign-up is by invitation only. Ask an administrator for an invitation link, then open it to create your account.",
  },
};

export function SignUpForm({ invite, next }: { invite: string | null; next: string | null }) {
  const policy = useSignupPolicy();
  const signIn = (
    <Link className={LINK} href={signInPath(next ?? undefined)}>
      Sign in
    </Link>
  );
  if (policy.isPending) {
    return (
      <AuthCard title="Create your account">
        <p className="text-sm text-slate-500">Loading…</p>
      </AuthCard>
    );
  }
  if (policy.isError) {
    return (
      <AuthCard title="Create your account">
        <FormAlert>Could not reach Tandem to see whether sign-up is open. Reload the page to try again.</FormAlert>
      </AuthCard>
    );
  }
  const offer = signUpOffer(policy.data, invite);
  const refused = REFUSED[offer];
  if (!canSignUp(offer) && refused) {
    return (
      <AuthCard title={refused.title}>
        <p role="alert" className="text-sm text-slate-700">
          {refused.text}
        </p>
        <p className="mt-4 text-sm text-slate-600">Already have an account? {signIn}</p>
      </AuthCard>
    );
  }
  return <OpenSignUp offer={offer} invite={invite} next={next} signIn={signIn} />;
}

function OpenSignUp({ offer, invite, next, signIn }: { offer: SignUpOffer; invite: string | null; next: string | null; signIn: ReactNode }) {
  const [failure, setFailure] = useState<AuthFailure | null>(null);
  const { coolingDown, coolDown } = useCoolDown();
  const invited = offer === "invited";
  const mutation = useMutation({
    mutationFn: (form: HTMLFormElement) =>
      signUp({ name: formText(form, "name").trim(), email: formText(form, "email").trim(), password: formText(form, "password") }, invited ? invite : null),
    onMutate: () => setFailure(null),
    onSuccess: () => completeSignIn(next),
    onError: (error) => {
      const found = authFailure(error, "sign-up", invited);
      setFailure(found);
      coolDown(found.retryAfterSeconds);
    },
  });

  return (
    <AuthCard
      title="Create your account"
      intro={invited ? "You were invited to Tandem. Choose the name the others will see next to your edits." : "Choose the name the others will see next to your edits."}
      // Nobody to sign in as before the first account exists.
      footer={offer === "first-account" ? undefined : <>Already have an account? {signIn}</>}
    >
      {offer === "first-account" && (
        <p className="mb-4 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700">
          You are creating the first account: it will be the admin.
        </p>
      )}
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!mutation.isPending) mutation.mutate(e.currentTarget);
        }}
      >
        <TextField label="Name" name="name" autoComplete="name" required maxLength={NAME_MAX_LENGTH} autoFocus />
        <TextField label="Email" type="email" name="email" autoComplete="email" required maxLength={EMAIL_MAX_LENGTH} />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        />
        {failure && (
          <FormAlert>
            {failure.text}
            {failure.kind === "account-exists" && <> {signIn}</>}
          </FormAlert>
        )}
        <SubmitButton busy={mutation.isPending || mutation.isSuccess} disabled={coolingDown}>
          Create account
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
