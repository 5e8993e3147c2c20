"use client";
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from "@tandem/contract";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { signIn } from "@/features/accounts/client/auth-api.ts";
import { authFailure, type AuthFailure } from "@/features/accounts/client/auth-error-message.ts";
import { signUpPath } from "@/features/accounts/client/return-to.ts";
import { canSignUp, signUpOffer, useSignupPolicy } from "@/features/accounts/client/signup-policy.ts";
import { AuthCard } from "./auth-card.tsx";
import { completeSignIn } from "./complete-sign-in.ts";
import { FormAlert } from "./form-alert.tsx";
import { formText } from "./form-text.ts";
import { SubmitButton } from "./submit-button.tsx";
import { TextField } from "./text-field.tsx";
import { useCoolDown } from "./use-cool-down.ts";

export function SignInForm({ next }: { next: string | null }) {
  const [failure, setFailure] = useState<AuthFailure | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const { coolingDown, coolDown } = useCoolDown();
  const policy = useSignupPolicy();
  const mutation = useMutation({
    mutationFn: (form: HTMLFormElement) => signIn({ email: formText(form, "email").trim(), password: formText(form, "password") }),
    onMutate: () => setFailure(null),
    onSuccess: () => completeSignIn(next),
    onError: (error) => {
      const found = authFailure(error, "sign-in");
      setFailure(found);
      coolDown(found.retryAfterSeconds);
      if (found.kind === "wrong-credentials") passwordRef.current?.select();
    },
  });
  const offerSignUp = policy.data ? canSignUp(signUpOffer(policy.data, null)) : false;

  return (
    <AuthCard
      title="Sign in to Tandem"
      intro={next ? "Sign in to continue where you were." : undefined}
      footer={
        offerSignUp && (
          <>
            New here?{" "}
            <Link className="font-medium text-brand-700 underline underline-offset-2" href={signUpPath(next ?? undefined)}>
              Create an account
            </Link>
          </>
        )
      }
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!mutation.isPending) mutation.mutate(e.currentTarget);
        }}
      >
        <TextField label="Email" type="email" name="email" autoComplete="username" required maxLength={EMAIL_MAX_LENGTH} autoFocus />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          maxLength={PASSWORD_MAX_LENGTH}
          inputRef={passwordRef}
          aria-invalid={failure?.kind === "wrong-credentials" || undefined}
        />
        {failure && <FormAlert>{failure.text}</FormAlert>}
        <SubmitButton busy={mutation.isPending || mutation.isSuccess} disabled={coolingDown}>
          Sign in
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
