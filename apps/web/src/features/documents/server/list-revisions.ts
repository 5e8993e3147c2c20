import type { RevisionSummary } from "@tandem/contract";
import { documents } from "./documents.ts";
import { notFound } from "./document-errors.ts";
import { toRevisionSummary } from "./presenters.ts";

/** Every revision of a document, deleted ones included, oldest first. */
export async function listRevisions(id: string): Promise<RevisionSummary[]> {
  const repo = documents();
  if (!(await repo.findMeta(id))) throw notFound(id);
  return (await repo.listRevisions(id)).map(toRevisionSummary);
}
