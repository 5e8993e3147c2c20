import type { Revision } from "./generated/sqlite/client.ts";
import type { CasResult, CasTarget, Change, DocumentMeta, DocumentRow, RevisionKind, Stamp } from "./documents-repository.ts";
import { isChainHead, planContent, READ_DEPTH_LIMIT, snapshotPlan, type BaseText, type ChainRow, type ContentPlan } from "./revision-content.ts";

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

/** What a change stores of its content: the hash its revision names, and the row to add if any. */
export interface ContentWrite {
  /** null: the content is the one the replaced version had. */
  hash: string | null;
  plan: ContentPlan | null;
}

/**
 * The content write of `change` as version `version`, over `base` (the content it replaces,
 * null when unknown: then a snapshot).
 */
export function contentWrite(change: Change, version: number, base: BaseText | null, root: BaseText | null = null): ContentWrite {
  if (change.content === undefined) return { hash: null, plan: null };
  const plan = planContent(change.content, version, base, root);
  return { hash: plan?.hash ?? base!.hash, plan };
}

/** Whether a content write as version `version` over a known base may use its root (see planContent). */
export const wantsRoot = (change: Change, version: number, base: BaseText | null) => change.content !== undefined && base !== null && isChainHead(version);

/** The first revision's content: always a snapshot. */
export function firstContent(content: string): ContentWrite {
  const plan = snapshotPlan(content);
  return { hash: plan.hash, plan };
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
  /** A revision's stored columns: its metadata and its content's hash. */
  findRevision(documentId: string, version: number): Promise<StoredRevisionRow | null>;
  /**
   * The stored rows of the content of one version of the document, from its own down to its
   * snapshot (revision-content.ts); none if there is no such version. The snapshot's data and
   * size come along unless its hash is one of `held` (snapshots the process holds already, see
   * SnapshotCache): one round trip either way, sent alongside findRevision rather than after it.
   */
  readChain(documentId: string, version: number, held: readonly string[]): Promise<ChainRow[]>;
  /** The data and content size of one stored content row (null if there is none). */
  readSnapshotData(documentId: string, hash: string): Promise<{ data: Uint8Array; size: number } | null>;
  /**
   * Where the database answers queries side by side (PostgreSQL): the snapshot row planned for
   * the version's chain (`plannedSnapshotVersion`; null if that content is no snapshot, or is
   * one of `held`). A read asks for it alongside readChain, whose rows then leave the
   * snapshot's data out, and inflates it while the chain is still on its way. A rewrite or a
   * resnapshot can end a chain above the planned snapshot: the read finds the chain's bottom
   * is another one, and fetches that by readSnapshotData. Absent where queries run one after
   * another (SQLite): the chain brings the snapshot along.
   */
  readSnapshotAt?(documentId: string, version: number, held: readonly string[]): Promise<ChainRow | null>;
  close(): Promise<void>;
}

// Recursive CTEs read the same on SQLite and PostgreSQL; the bound stops a corrupt cycle. Data
// comes as the driver reads it best (`data(column)`), a delta's in "data"; a snapshot's (the
// largest row, and the one the snapshot cache holds) in "snapshot", and only when the process
// does not hold it: `notHeld(column)` is the dialect's test of a hash against the list in
// parameter 3.
const deltaData = (row: string, data: (column: string) => string) => `CASE WHEN ${row}"baseHash" IS NULL THEN NULL ELSE ${data(`${row}"data"`)} END`;
// Seeded by the version (parameter 2), not its content's hash: the revision's own row is read alongside.
const headOf = (p: (n: number) => string) => `(SELECT "contentHash" FROM "Revision" WHERE "documentId" = ${p(1)} AND "version" = ${p(2)})`;
/**
 * The chain's rows joined to the content row each one's `key` names (its base, for the
 * recursive step), as `alias`. On
 * PostgreSQL a LATERAL subquery with a LIMIT (never flattened into a join) holds the planner
 * to one primary-key lookup a step: as a plain join, a small analysed table is planned as a
 * hash join over a scan of the whole table at every step (measured: 151 steps over 442 rows,
 * 22.8 ms; as LATERAL, 1.3 ms). SQLite has no LATERAL, and looks the key up by itself.
 */
const fromChainTo = (p: (n: number) => string, lateral: boolean, key: '"hash"' | '"baseHash"', alias: string) =>
  lateral
    ? `FROM chain CROSS JOIN LATERAL (SELECT * FROM "RevisionContent" r WHERE r."documentId" = ${p(1)} AND r."hash" = chain.${key} LIMIT 1) ${alias}`
    : `FROM "RevisionContent" ${alias} JOIN chain ON ${alias}."documentId" = ${p(1)} AND ${alias}."hash" = chain.${key}`;

/** `notHeld` null: the snapshot's data never comes (readSnapshotAt brings it), and there is no parameter 3. */
export const chainSqlOf = (p: (n: number) => string, dialect: { lateral: boolean; data: (column: string) => string; notHeld: ((column: string) => string) | null }) => {
  const head = headOf(p);
  const { notHeld, data } = dialect;
  const snapshot = (row: string) => (notHeld === null ? "NULL" : `CASE WHEN ${row}"baseHash" IS NULL AND ${notHeld(`${row}"hash"`)} THEN ${data(`${row}"data"`)} END`);
  const columns = (row: string) =>
    `${row}"hash", ${row}"baseHash", ${row}"codec", ${deltaData(row, data)}, ${snapshot(row)}, CASE WHEN ${row}"baseHash" IS NULL THEN ${row}"size" END`;
  return `
  WITH RECURSIVE chain ("hash", "baseHash", "codec", "data", "snapshot", "size", "n") AS (
    SELECT ${columns("")}, 0 FROM "RevisionContent" WHERE "documentId" = ${p(1)} AND "hash" = ${head}
    UNION ALL
    SELECT ${columns("c.")}, chain."n" + 1 ${fromChainTo(p, dialect.lateral, '"baseHash"', "c")}
    WHERE chain."n" < ${READ_DEPTH_LIMIT}
  )
  SELECT "hash", "baseHash", "codec", "data", "snapshot", "size" FROM chain ORDER BY "n"`;
};

/**
 * The snapshot planned for a version's chain (see `plannedSnapshotVersion`): the planned
 * version's content if it is a snapshot, else the root that content is a delta against (an
 * intermediate snapshot's, see planContent). Its hash, the length of its data and the part of
 * it from byte parameter 4, parameter 5 bytes long, unless it is one of the read's held ones
 * (parameter 3, `notHeld`). Three primary-key lookups, no walk: readSnapshotAt asks for its
 * leading parts at once, then for any rest.
 */
export const plannedSnapshotSqlOf = (p: (n: number) => string, { notHeld, data }: { notHeld: (column: string) => string; data: (column: string) => string }) => `
  SELECT c."hash", c."codec", c."size", length(c."data") AS "length", ${data(`substring(c."data" from ${p(4)} for ${p(5)})`)} AS "data" FROM "RevisionContent" c
  WHERE c."documentId" = ${p(1)} AND c."baseHash" IS NULL AND ${notHeld(`c."hash"`)} AND c."hash" = (
    SELECT COALESCE(h."baseHash", h."hash") FROM "RevisionContent" h
    WHERE h."documentId" = ${p(1)} AND h."hash" = (SELECT "contentHash" FROM "Revision" WHERE "documentId" = ${p(1)} AND "version" = ${p(2)}))`;

/** A row of the chain query, its data as the driver read it: a delta's in `data`, a snapshot's, when it came, in `snapshot`. */
export interface StoredChainRow<Data> {
  hash: string;
  baseHash: string | null;
  codec: string;
  data: Data | null;
  snapshot: Data | null;
  size: number | null;
}

export function chainRowOf<Data>(row: StoredChainRow<Data>, bytesOf: (data: Data) => Uint8Array): ChainRow {
  const { snapshot, size, data, ...rest } = row;
  if (row.baseHash !== null) return { ...rest, data: data === null ? null : bytesOf(data) };
  return { ...rest, data: snapshot === null ? null : bytesOf(snapshot), ...(size === null ? {} : { size }) };
}

/** A revision as stored: its content by hash (see revision-content.ts). */
export type StoredRevisionRow = Omit<Revision, "id">;

/** A snapshot's data, by its hash (SQLite; PostgreSQL's comes in parts, see pg-hot-path.ts). */
export const snapshotDataSqlOf = (p: (n: number) => string) => `SELECT "data", "size" FROM "RevisionContent" WHERE "documentId" = ${p(1)} AND "hash" = ${p(2)}`;

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
export const REVISION_COLUMNS = `"documentId", "version", "title", "contentHash", "etag", "kind", "author", "authorId", "summary", "createdAt"`;
export const CONTENT_COLUMNS = `"documentId", "hash", "baseHash", "depth", "chainBytes", "size", "codec", "data"`;
/** The creator's membership, written in the same transaction as the document. */
export const MEMBER_COLUMNS = `"documentId", "userId", "role", "createdAt", "updatedAt"`;
/**
 * A revision is the document's new state: copied from the row, never uploaded twice; its
 * content by reference (`contentHash`: an SQL expression).
 */
export const revisionFromRow = (contentHash: string) => `"id", "version", "title", ${contentHash}, "etag"`;
/** The content the row had at a version, and its hash (from that version's revision). */
export const baseContentSql = (p: (n: number) => string) => `
  SELECT d."content", d."etag", r."contentHash" AS "hash" FROM "Document" d
  JOIN "Revision" r ON r."documentId" = d."id" AND r."version" = d."version"
  WHERE d."id" = ${p(1)} AND d."version" = ${p(2)}`;
/** The hash of the content a version had, for a change that keeps it. */
export const previousHashSql = (id: string, version: string) => `(SELECT p."contentHash" FROM "Revision" p WHERE p."documentId" = ${id} AND p."version" = ${version})`;
/**
 * The snapshot the chain of stored content parameter 2 ends on (its root): hash, codec, size
 * and data (`data(column)`, as the driver reads it best). A chain head's write diffs against it.
 */
export const rootSqlOf = (p: (n: number) => string, dialect: { lateral: boolean; data: (column: string) => string }) => `
  WITH RECURSIVE chain ("hash", "baseHash", "n") AS (
    SELECT "hash", "baseHash", 0 FROM "RevisionContent" WHERE "documentId" = ${p(1)} AND "hash" = ${p(2)}
    UNION ALL
    SELECT c."hash", c."baseHash", chain."n" + 1 ${fromChainTo(p, dialect.lateral, '"baseHash"', "c")}
    WHERE chain."n" < ${READ_DEPTH_LIMIT}
  )
  SELECT r."hash", r."codec", r."size", ${dialect.data('r."data"')} AS "data" FROM "RevisionContent" r
  WHERE r."documentId" = ${p(1)} AND r."hash" = (SELECT "hash" FROM chain WHERE "baseHash" IS NULL LIMIT 1) AND r."baseHash" IS NULL`;

/** Where a new content row's chain stands: one delta more than its base. */
export const chainSql = (id: string, baseHash: string, dataLength: string) => ({
  depth: `COALESCE((SELECT b."depth" + 1 FROM "RevisionContent" b WHERE b."documentId" = ${id} AND b."hash" = ${baseHash}), 0)`,
  chainBytes: `COALESCE((SELECT b."chainBytes" FROM "RevisionContent" b WHERE b."documentId" = ${id} AND b."hash" = ${baseHash}), 0) + ${dataLength}`,
});
export const revisionSqlOf = (p: (n: number) => string) => `SELECT ${REVISION_COLUMNS} FROM "Revision" WHERE "documentId" = ${p(1)} AND "version" = ${p(2)}`;
/** After the revision's columns from the row and the kind: the stamp's columns of the row, in REVISION_COLUMNS' order. */
export const REVISION_STAMP_FROM_ROW = `"updatedBy", "updatedById", "summary", "updatedAt"`;
