import type { Caller } from "../../../platform/http/caller.ts";
import { decideAccess, type DocumentAction } from "./document-access.ts";
import { forbidden, notFound } from "./document-errors.ts";

const VERB: Record<DocumentAction, string> = {
  read: "read it",
  write: "change it",
  delete: "delete it",
  share: "share it",
  activity: "see its activity",
  purge: "purge it",
};

/** Throws the 404 (may not see it) or 403 (may see, may not do this) for the caller. */
export function requireAccess(action: DocumentAction, caller: Caller, id: string): void {
  const decision = decideAccess(action, caller);
  if (decision === "not-found") throw notFound(id);
  if (decision === "forbidden") throw forbidden(VERB[action], caller.role ?? "none");
}
