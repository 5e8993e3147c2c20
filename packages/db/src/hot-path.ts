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
    updatedById: stamp.authorId,
    summary: stamp.summary ?? null,
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
  /** Who holds this API token (by its SHA-256), with their role on `documentId` if one is given. */
  principalByToken(tokenHash: string, documentId: string | null): Promise<PrincipalRow | null>;
  /** Who holds this session (by its token), unless it has expired; role as above. */
  principalBySession(sessionToken: string, documentId: string | null): Promise<PrincipalRow | null>;
  close(): Promise<void>;
}

/** An authenticated caller, and their role on the document the request names. */
export interface PrincipalRow {
  userId: string;
  name: string;
  email: string;
  isAdmin: boolean;
  role: string | null;
  /** The API token's id, when the caller used one. */
  tokenId: string | null;
  /** When the session ends (sessions only). */
  expiresAt: Date | null;
}

// One query for the caller and their role: a document request costs one round trip more than
// an anonymous one did, not two.
const PRINCIPAL_COLUMNS = `u."id" AS "userId", u."name", u."email", u."isAdmin", m."role"`;
export const principalByTokenSql = (p: (n: number) => string) => `
  SELECT ${PRINCIPAL_COLUMNS}, t."id" AS "tokenId", NULL AS "expiresAt"
  FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId"
  LEFT JOIN "DocumentMember" m ON m."documentId" = ${p(2)} AND m."userId" = u."id"
  WHERE t."tokenHash" = ${p(1)}`;
export const principalBySessionSql = (p: (n: number) => string) => `
  SELECT ${PRINCIPAL_COLUMNS}, NULL AS "tokenId", s."expiresAt"
  FROM "Session" s JOIN "User" u ON u."id" = s."userId"
  LEFT JOIN "DocumentMember" m ON m."documentId" = ${p(2)} AND m."userId" = u."id"
  WHERE s."token" = ${p(1)}`;

export const ROW_COLUMNS = `"id", "title", "content", "version", "etag", "createdAt", "updatedAt", "updatedBy", "updatedById", "summary", "deletedAt"`;
export const META_COLUMNS = `"id", "version", "etag", "updatedAt", "updatedBy", "updatedById", "deletedAt"`;
export const REVISION_COLUMNS = `"documentId", "version", "title", "content", "etag", "kind", "author", "authorId", "summary", "createdAt"`;
/** The creator's membership, written in the same transaction as the document. */
export const MEMBER_COLUMNS = `"documentId", "userId", "role", "createdAt", "updatedAt"`;
/** A revision is the document's new state: copied from the row, never uploaded twice. */
export const REVISION_FROM_ROW = `"id", "version", "title", "content", "etag"`;
/** After REVISION_FROM_ROW and the kind: the stamp's columns of the row, in REVISION_COLUMNS' order. */
export const REVISION_STAMP_FROM_ROW = `"updatedBy", "updatedById", "summary", "updatedAt"`;
