import { database } from "../../../platform/database.ts";
import { env } from "../../../platform/env.ts";

/**
 * After any account is created: the earliest account is the admin and owns the documents
 * written before accounts existed; an invitation that let this account in is used up.
 */
export async function settleFirstAccount(user: { id: string; email: string }): Promise<void> {
  const db = database();
  const now = new Date();
  await db.accounts.settleFirstAccount(now);
  if (env().TANDEM_SIGNUP === "invite") await db.accounts.useInvitationsOf(user.email, now);
}
