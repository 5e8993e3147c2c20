import type { Member, Role } from "@tandem/contract";
import { database } from "../../../platform/database.ts";

/** Owner first, then in the order they were added. */
export async function listMembers(documentId: string): Promise<Member[]> {
  const rows = await database().members.list(documentId);
  const members = rows.map((r) => ({ ...r, role: r.role as Role }));
  return [...members.filter((m) => m.role === "owner"), ...members.filter((m) => m.role !== "owner")];
}
