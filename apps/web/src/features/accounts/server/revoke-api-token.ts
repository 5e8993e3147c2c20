import { database } from "../../../platform/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { recordAudit } from "../../audit/server/record-audit.ts";

function noSuchToken(): AppError {
  return new AppError("not-found", "You have no token with this id.");
}

/** Deletes one of the user's tokens: the next request with it is a 401, on every instance. A dry run only looks. */
export async function revokeApiToken(user: { id: string; name: string }, tokenId: string, dryRun = false): Promise<void> {
  const db = database();
  if (dryRun) {
    if (!(await db.accounts.listTokens(user.id)).some((t) => t.id === tokenId)) throw noSuchToken();
    return;
  }
  const revoked = await db.accounts.revokeToken(user.id, tokenId);
  if (!revoked) throw noSuchToken();
  await recordAudit({ type: "token-revoked", actor: user, detail: { tokenId, label: revoked.label, prefix: revoked.prefix } });
}
