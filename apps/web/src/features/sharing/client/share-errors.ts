import { TandemHttpError } from "@tandem/client";

export const NO_ACCOUNT_MESSAGE = "No account uses that email — ask them to sign up first";

/** A failed invite, role change or removal, in words the owner can act on. */
export function shareErrorMessage(action: "invite" | "change" | "remove", error: unknown): string {
  if (!(error instanceof TandemHttpError)) return `Could not reach the server: ${error instanceof Error ? error.message : String(error)}`;
  // 422 to an invite: no such account, or (rarely, the field checks first) no email address.
  if (error.status === 422 && action === "invite") return /not an email/i.test(error.problem.detail) ? "That is not an email address." : NO_ACCOUNT_MESSAGE;
  if (error.status === 403) return "Only the owner can share this document.";
  if (error.status === 404) return "This document no longer exists.";
  return error.problem.detail || `The server answered ${error.status}.`;
}
