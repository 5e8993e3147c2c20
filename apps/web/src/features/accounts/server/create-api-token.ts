import { randomUUID } from "node:crypto";
import type { CreatedApiToken } from "@tandem/contract";
import { database } from "../../../platform/database.ts";
import { recordAudit } from "../../audit/server/record-audit.ts";
import { newApiToken } from "./api-tokens.ts";
import { toTokenSummary } from "./presenters.ts";

/** A personal access token for the user; the only time its value exists outside the caller. */
export async function createApiToken(user: { id: string; name: string }, label: string): Promise<CreatedApiToken> {
  const { token, hash, prefix } = newApiToken();
  const row = await database().accounts.createToken({ id: randomUUID(), userId: user.id, label, tokenHash: hash, prefix, createdAt: new Date() });
  await recordAudit({ type: "token-created", actor: user, detail: { tokenId: row.id, label, prefix } });
  return { ...toTokenSummary(row), token };
}
