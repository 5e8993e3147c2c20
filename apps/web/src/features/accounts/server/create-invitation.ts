import { randomBytes, randomUUID } from "node:crypto";
import { INVITE_PARAM, SIGN_UP_PAGE, type CreatedInvitation } from "@tandem/contract";
import { database } from "../../../platform/database.ts";
import { hashApiToken } from "./api-tokens.ts";

const VALID_DAYS = 7;

/**
 * A sign-up link for one email (TANDEM_SIGNUP=invite), valid for a week and once. `origin` is
 * where people reach Tandem (TANDEM_PUBLIC_URL, else the request's own origin). A dry run
 * answers the same shape with a link that was never stored (it signs nobody up).
 */
export async function createInvitation(email: string, by: { id: string }, origin: string, dryRun = false): Promise<CreatedInvitation> {
  const token = randomBytes(24).toString("base64url");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + VALID_DAYS * 86_400_000);
  if (!dryRun) await database().accounts.createInvitation({ id: randomUUID(), email, tokenHash: hashApiToken(token), createdById: by.id, createdAt: now, expiresAt, usedAt: null });
  const url = new URL(SIGN_UP_PAGE, origin);
  url.searchParams.set(INVITE_PARAM, token);
  return { email, url: url.toString(), expiresAt: expiresAt.toISOString() };
}
