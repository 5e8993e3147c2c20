import type { DocumentMeta, DocumentRow } from "@tandem/db";
import { documents } from "./documents.ts";
import { gone, notFound, preconditionFailed } from "./document-errors.ts";

/** The reader's conditions (RFC 9110 §13.2.2, decided by the HTTP layer). */
export interface ReadGuard {
  /** Any condition at all: without one a GET reads the row in one query. */
  conditional: boolean;
  evaluate(current: Pick<DocumentMeta, "etag" | "updatedAt">): "proceed" | "not-modified" | "precondition-failed";
  /** HEAD: validators only. */
  withBody: boolean;
}

export type ReadResult = { kind: "not-modified"; meta: DocumentMeta } | { kind: "meta"; meta: DocumentMeta } | { kind: "document"; row: DocumentRow };

function live<T extends DocumentMeta>(id: string, row: T | null): T {
  if (!row) throw notFound(id);
  if (row.deletedAt) throw gone(id, row);
  return row;
}

/**
 * GET/HEAD. Conditional requests and HEAD are answered from the metadata alone, so a 304
 * never reads the title or content columns; an unconditional GET is one query.
 */
export async function readDocument(id: string, guard: ReadGuard): Promise<ReadResult> {
  const repo = documents();
  if (!guard.conditional && guard.withBody) return { kind: "document", row: live(id, await repo.findRow(id)) };
  const meta = live(id, await repo.findMeta(id));
  const outcome = guard.evaluate(meta);
  if (outcome === "precondition-failed") throw preconditionFailed(id, await repo.findRow(id));
  if (outcome === "not-modified") return { kind: "not-modified", meta };
  if (!guard.withBody) return { kind: "meta", meta };
  return { kind: "document", row: live(id, await repo.findRow(id)) };
}
