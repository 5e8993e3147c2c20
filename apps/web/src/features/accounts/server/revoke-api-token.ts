import { database } from "../../../platform/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { recordAudit } from "../../audit/server/record-audit.ts";

/** Deletes one of the user's tokens: the next request with it is a 401, on every instance. */
export async function revokeApiToken(user: { id: string; name: string }, tokenId: string): Promise<void> {
  const revoked = await database().accounts.revokeToken(user.id, tokenId);
  if (!revoked) throw new AppError("not-found", "You have no token with this id.");
  await recordAudit({ type: "token-revoked", actor: user, detail: { tokenId, label: revoked.label, prefix: revoked.prefix } });
}
