import { randomUUID } from "node:crypto";
import type { CreatedApiToken } from "@tandem/contract";
import { database } from "../../../platform/database.ts";
import { recordAudit } from "../../audit/server/record-audit.ts";
import { newApiToken } from "./api-tokens.ts";
import { toTokenSummary } from "./presenters.ts";

/**
 * A personal access token for the user; the only time its value exists outside the caller.
 * A dry run answers the same shape with a token that was never stored (it authenticates nothing).
 */
export async function createApiToken(user: { id: string; name: string }, label: string, dryRun = false): Promise<CreatedApiToken> {
  const { token, hash, prefix } = newApiToken();
  const fields = { id: randomUUID(), userId: user.id, label, prefix, createdAt: new Date() };
  if (dryRun) return { ...toTokenSummary({ ...fields, lastUsedAt: null }), token };
  const row = await database().accounts.createToken({ ...fields, tokenHash: hash });
  await recordAudit({ type: "token-created", actor: user, detail: { tokenId: row.id, label, prefix } });
  return { ...toTokenSummary(row), token };
}
