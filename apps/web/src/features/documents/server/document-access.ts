// Who may do what with a document: a pure decision, tested with a literal table. The order is
// the API's: a caller who may not see the document learns nothing (404, exactly as for an id
// that does not exist); one who may see it but not do this gets 403.
import type { Role } from "@tandem/contract";

export type DocumentAction =
  | "read" // the document, its revisions, its members
  | "write" // PUT, PATCH (and re-create)
  | "delete"
  | "share" // add, change, remove members
  | "activity" // the document's audit trail
  | "purge";

export type AccessDecision = "allow" | "not-found" | "forbidden";

const ROLE_ACTIONS: Record<Role, ReadonlySet<DocumentAction>> = {
  owner: new Set(["read", "write", "delete", "share", "activity", "purge"]),
  editor: new Set(["read", "write"]),
  viewer: new Set(["read"]),
};

/** Admins see every document's trail and may purge, without seeing any document's text. */
const ADMIN_ACTIONS: ReadonlySet<DocumentAction> = new Set(["activity", "purge"]);

export function decideAccess(action: DocumentAction, caller: { role: Role | null; isAdmin: boolean }): AccessDecision {
  if (caller.role !== null && ROLE_ACTIONS[caller.role].has(action)) return "allow";
  if (caller.isAdmin && ADMIN_ACTIONS.has(action)) return "allow";
  return caller.role === null ? "not-found" : "forbidden";
}
