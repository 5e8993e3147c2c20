"use client";
import type { Me } from "@tandem/contract";
import Link from "next/link";
import { useMe } from "@/features/accounts/client/me.ts";
import { useSignupPolicy } from "@/features/accounts/client/signup-policy.ts";
import { FormAlert } from "./form-alert.tsx";
import { InviteSection } from "./invite-section.tsx";
import { Section } from "./section.tsx";
import { SessionEnded } from "./session-ended.tsx";
import { TokensSection } from "./tokens-section.tsx";

export function SettingsPage() {
  const me = useMe();
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      {me.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {me.isError && <FormAlert>Could not load your account: {me.error.message}</FormAlert>}
      {me.isSuccess && !me.data && <SessionEnded returnTo="/settings" />}
      {me.data && <SignedInSettings me={me.data} />}
    </main>
  );
}

function SignedInSettings({ me }: { me: Me }) {
  const policy = useSignupPolicy();
  return (
    <>
      <Section title="Account">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd className="min-w-0 font-medium break-words">{me.name}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd className="min-w-0 break-all">{me.email}</dd>
          <dt className="text-slate-500">Role</dt>
          <dd>
            {me.isAdmin ? (
              <>
                Admin ·{" "}
                <Link className="text-brand-700 underline" href="/activity">
                  See all activity
                </Link>
              </>
            ) : (
              "Member"
            )}
          </dd>
        </dl>
      </Section>
      <TokensSection />
      {me.isAdmin && policy.data?.mode === "invite" && <InviteSection />}
    </>
  );
}
