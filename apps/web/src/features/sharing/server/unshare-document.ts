import { database } from "../../../platform/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { recordAudit } from "../../audit/server/record-audit.ts";

/** Removes a member; their very next request about the document is a 404. A dry run only decides. */
export async function unshareDocument(documentId: string, email: string, by: { id: string; name: string }, dryRun = false): Promise<void> {
  const db = database();
  const user = await db.accounts.findUserByEmail(email);
  const member = user && (await db.members.list(documentId)).find((m) => m.userId === user.id);
  if (!user || !member) throw new AppError("not-found", `${email} is not a member of this document.`);
  if (member.role === "owner") throw new AppError("conflict", "The owner cannot be removed from their document.");
  if (dryRun) return;
  const previousRole = await db.members.remove(documentId, user.id);
  if (previousRole) await recordAudit({ type: "member-removed", actor: by, documentId, detail: { userId: user.id, email: user.email, name: user.name, previousRole } });
}
