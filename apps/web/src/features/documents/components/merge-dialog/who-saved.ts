import type { DocumentView } from "@tandem/contract";

/**
 * Who saved a version, as the conflict notices name them: the account's name, or "You" for
 * the signed-in account's own save (another tab, or a save this one made while typing on).
 */
export function whoSaved(doc: DocumentView, selfId: string | null | undefined): string {
  if (selfId && doc.updatedById === selfId) return "You";
  return doc.updatedBy?.trim() || "Someone";
}
