import type { CasResult, CasTarget, Change, DocumentMeta, DocumentRow, RevisionKind, Stamp } from "./documents-repository.ts";

/**
 * The values of the compare-and-set statement, by name, for both drivers: a null leaves a
 * column as it is; `expectedEtag` null means any ETag at `expectedVersion`.
 */
export function casValues(target: CasTarget, change: Change, stamp: Stamp, kind: RevisionKind, toText: (date: Date) => string) {
  return {
    title: change.title ?? null,
    content: change.content ?? null,
    setsDeletedAt: change.deletedAt !== undefined,
    deletedAt: change.deletedAt ? toText(change.deletedAt) : null,
    createdAt: change.createdAt ? toText(change.createdAt) : null,
    version: stamp.version,
    etag: stamp.etag,
    updatedAt: toText(stamp.now),
    updatedBy: stamp.author,
    id: target.id,
    expectedVersion: target.version,
    expectedEtag: target.etag ?? null,
    live: target.live,
    kind,
  };
}

/**
 * The queries every API request of a document runs, as prepared statements on the driver
 * itself: measured (README, bench/api), Prisma's query compiler and its raw-query path cost
 * more per request than the database does, so the request path skips them. Same tables, same
 * column formats as Prisma writes them, same compare-and-set on the schema's version field.
 */
export interface HotPath {
  findRow(id: string): Promise<DocumentRow | null>;
  findMeta(id: string): Promise<DocumentMeta | null>;
  insert(row: DocumentRow): Promise<boolean>;
  compareAndSet(target: CasTarget, change: Change, stamp: Stamp, kind: RevisionKind): Promise<CasResult>;
  close(): Promise<void>;
}

export const ROW_COLUMNS = `"id", "title", "content", "version", "etag", "createdAt", "updatedAt", "updatedBy", "deletedAt"`;
export const META_COLUMNS = `"id", "version", "etag", "updatedAt", "updatedBy", "deletedAt"`;
export const REVISION_COLUMNS = `"documentId", "version", "title", "content", "etag", "kind", "author", "createdAt"`;
/** A revision is the document's new state: copied from the row, never uploaded twice. */
export const REVISION_FROM_ROW = `"id", "version", "title", "content", "etag"`;
