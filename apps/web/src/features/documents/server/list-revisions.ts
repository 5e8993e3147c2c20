import type { RevisionSummary } from "@tandem/contract";
import { documents } from "./documents.ts";
import { notFound } from "./document-errors.ts";
import { paged, type ListPage } from "./list-documents.ts";
import type { RevisionKey } from "./page-cursor.ts";
import type { RevisionParams } from "./page-params.ts";
import { toRevisionSummary } from "./presenters.ts";

/** A page of a document's revisions, deleted ones included, oldest or newest first. */
export async function listRevisions(id: string, { limit, after, newestFirst }: RevisionParams): Promise<ListPage<RevisionSummary, RevisionKey>> {
  const repo = documents();
  if (!(await repo.findMeta(id))) throw notFound(id);
  const rows = await repo.listRevisions(id, { after, limit: limit + 1, newestFirst });
  const page = paged(rows, limit, (row): RevisionKey => ({ kind: "revisions", version: row.version, newestFirst }));
  return { items: page.items.map(toRevisionSummary), next: page.next };
}
