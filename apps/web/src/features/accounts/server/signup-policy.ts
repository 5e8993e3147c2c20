// Who may create an account (TANDEM_SIGNUP), decided before the request reaches the library.
import { INVITE_HEADER, type SignupMode, type SignupPolicy } from "@tandem/contract";
import { database } from "../../../platform/database.ts";
import { env } from "../../../platform/env.ts";
import { AppError } from "../../../platform/errors.ts";
import { hashApiToken } from "./api-tokens.ts";

export async function signupPolicy(): Promise<SignupPolicy> {
  return { mode: env().TANDEM_SIGNUP, firstAccount: (await database().accounts.countUsers()) === 0 };
}

/** Pure: whether this sign-up may go ahead. The first account may always be created. */
export function signupDecision(mode: SignupMode, firstAccount: boolean, invitedEmailMatches: boolean): "allow" | "closed" | "needs-invitation" {
  if (firstAccount || mode === "open") return "allow";
  if (mode === "closed") return "closed";
  return invitedEmailMatches ? "allow" : "needs-invitation";
}

export async function checkSignupAllowed(header: (name: string) => string | null, email: unknown): Promise<void> {
  const policy = await signupPolicy();
  const invite = header(INVITE_HEADER.toLowerCase());
  const matches =
    policy.mode === "invite" && typeof email === "string" && invite !== null && invite.length <= 200
      ? await database().accounts.hasValidInvitation(hashApiToken(invite), email.trim().toLowerCase(), new Date())
      : false;
  const decision = signupDecision(policy.mode, policy.firstAccount, matches);
  if (decision === "closed") throw new AppError("forbidden", "Sign-up is closed on this Tandem. Ask an administrator for an account.");
  if (decision === "needs-invitation") throw new AppError("forbidden", "Sign-up needs an invitation: open the link you were sent (it is for one email address).");
}
