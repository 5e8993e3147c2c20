// Rows → what the API sends (the contract's shapes): the compiler holds the server to the
// types the client parses.
import type { Role, DeletedInfo, DocumentSummary, DocumentView, Revision, RevisionKind, RevisionSummary, SearchHit } from "@tandem/contract";
import type { DocumentMeta, DocumentRow, DocumentSummaryRow, RevisionRow, RevisionSummaryRow, SearchHitRow } from "@tandem/db";

export function toView(row: DocumentRow): DocumentView {
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    updatedById: row.updatedById,
    summary: row.summary,
  };
}

export function toSummary(row: DocumentSummaryRow): DocumentSummary {
  return { id: row.id, title: row.title, version: row.version, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy, updatedById: row.updatedById, role: row.role as Role };
}

export function toSearchHit(row: SearchHitRow): SearchHit {
  return { ...toSummary(row), snippet: { text: row.snippet.text, highlights: row.snippet.highlights } };
}

export function toDeletedInfo(tombstone: Pick<DocumentMeta, "version" | "deletedAt" | "updatedBy">): DeletedInfo {
  return { version: tombstone.version, deletedAt: tombstone.deletedAt?.toISOString() ?? null, deletedBy: tombstone.updatedBy };
}

export function toRevisionSummary(row: RevisionSummaryRow): RevisionSummary {
  return { ...row, kind: row.kind as RevisionKind, createdAt: row.createdAt.toISOString(), deleted: row.kind === "delete" };
}

export function toRevision(row: RevisionRow): Revision {
  const { documentId, ...rest } = row;
  return { documentId, ...rest, kind: row.kind as RevisionKind, createdAt: row.createdAt.toISOString(), deleted: row.kind === "delete" };
}
