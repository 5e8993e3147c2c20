// Adds or changes a member: load → check → change → presenter. The caller's right to share was
// checked by the route (owner only). A dry run decides the same and changes, audits and
// announces nothing.
import type { Member, Role, ShareRole } from "@tandem/contract";
import { database } from "../../../platform/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { recordAudit } from "../../audit/server/record-audit.ts";

export async function shareDocument(documentId: string, email: string, role: ShareRole, by: { id: string; name: string }, dryRun = false): Promise<{ member: Member; created: boolean }> {
  const db = database();
  const user = await db.accounts.findUserByEmail(email);
  if (!user) throw new AppError("validation-failed", `No account uses ${email}. Ask them to sign up first, then share again.`, { errors: [{ path: "email", message: "no account uses this email" }] });
  if (user.id === by.id) throw new AppError("conflict", "You own this document: your own role cannot change.");
  const members = await db.members.list(documentId);
  if (members.some((m) => m.userId === user.id && m.role === "owner")) throw new AppError("conflict", `${user.name} owns this document: an owner's role cannot change.`);
  const member: Member = { userId: user.id, email: user.email, name: user.name, role: role as Role };
  if (dryRun) return { member, created: !members.some((m) => m.userId === user.id) };
  const { created, previousRole } = await db.members.upsert(documentId, user.id, role, new Date());
  if (created || previousRole !== role) {
    await recordAudit({ type: created ? "member-added" : "member-changed", actor: by, documentId, detail: { userId: user.id, email: user.email, name: user.name, role, previousRole } });
  }
  return { member, created };
}
