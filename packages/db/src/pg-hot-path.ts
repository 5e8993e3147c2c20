import pg from "pg";
import type { CasTarget, Change, DocumentMeta, DocumentRow, RevisionKind, Stamp } from "./documents-repository.ts";
import { DOCUMENT_CHANNEL } from "./change-feed.ts";
import { ContentCache } from "./content-cache.ts";
import {
  baseContentSql,
  casValues,
  chainRowOf,
  chainSqlOf,
  plannedSnapshotSqlOf,
  type StoredChainRow,
  revisionSqlOf,
  rootSqlOf,
  type StoredRevisionRow,
  chainSql,
  CONTENT_COLUMNS,
  contentWrite,
  firstContent,
  MEMBER_COLUMNS,
  META_COLUMNS,
  previousHashSql,
  principalBySessionSql,
  principalByTokenSql,
  REVISION_COLUMNS,
  REVISION_STAMP_FROM_ROW,
  revisionFromRow,
  ROW_COLUMNS,
  wantsRoot,
  type ContentWrite,
  type HotPath,
  type PrincipalRow,
} from "./hot-path.ts";
import { chainTooLong, leadingParts, partsAfter, plannedSnapshotVersion, rootTextOf, sha256Hex, snapshotParts, snapshotPlan, type BaseText } from "./revision-content.ts";

// Prisma's DateTime is `timestamp(3)` without a time zone, holding UTC. Written as UTC text,
// and read as UTC whatever the Node process's or the server's time zone is.
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;
const toText = (date: Date) => date.toISOString();
const BY_TOKEN = principalByTokenSql((n) => `$${n}`);
const BY_SESSION = principalBySessionSql((n) => `$${n}`);

function principalOf(row: PrincipalRow | undefined): PrincipalRow | null {
  if (!row) return null;
  return row.expiresAt && row.expiresAt.getTime() <= Date.now() ? null : row;
}

// The announcement of a committed change, in the statement that makes it: PostgreSQL delivers
// a NOTIFY only if its transaction commits, so nothing is announced that did not happen.
const NOTIFY = `pg_notify('${DOCUMENT_CHANNEL}', json_build_object('revisionId', r."id", 'documentId', u."id", 'version', u."version", 'etag', u."etag", 'kind', r."kind", 'updatedBy', u."updatedBy", 'updatedById', u."updatedById", 'summary', u."summary", 'updatedAt', u."updatedAt")::text)`;
const prefixed = (alias: string) => ROW_COLUMNS.split(", ").map((c) => `${alias}.${c}`).join(", ");

// Named statements: each connection of the pool parses and plans them once.
const SELECT_ROW = `SELECT ${ROW_COLUMNS} FROM "Document" WHERE "id" = $1`;
const SELECT_META = `SELECT ${META_COLUMNS} FROM "Document" WHERE "id" = $1`;
const INSERT = `
  WITH inserted AS (
    INSERT INTO "Document" (${ROW_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::timestamp(3), $7::timestamp(3), $8, $9, $10, NULL)
    ON CONFLICT ("id") DO NOTHING RETURNING *
  ), content AS (
    INSERT INTO "RevisionContent" (${CONTENT_COLUMNS}) SELECT "id", $11::text, NULL, 0, $14::int, $12::int, 'deflate', $13::bytea FROM inserted
    ON CONFLICT ("documentId", "hash") DO NOTHING
  ), revision AS (
    INSERT INTO "Revision" (${REVISION_COLUMNS}) SELECT ${revisionFromRow("$11::text")}, 'create', ${REVISION_STAMP_FROM_ROW} FROM inserted
    RETURNING "id", "kind"
  ), owner AS (
    INSERT INTO "DocumentMember" (${MEMBER_COLUMNS}) SELECT "id", "updatedById", 'owner', "createdAt", "createdAt" FROM inserted WHERE "updatedById" IS NOT NULL
  ), notified AS (
    SELECT ${NOTIFY} FROM inserted u, revision r
  )
  SELECT count(*)::int AS "inserted" FROM notified`;
// The change, its content and its revision in one statement: one round trip, atomic. A NULL
// leaves a column as it is; a NULL content hash ($17) keeps the content the version before
// had, and a NULL $21 stores no content row (that content is stored already). $23: the ETag
// the delta's base content was read at, which the row must still have.
const chain = chainSql("$12", "$18::text", "$22::int");
const COMPARE_AND_SET = `
  WITH updated AS (
    UPDATE "Document" SET
      "title" = COALESCE($1::text, "title"),
      "content" = COALESCE($2::text, "content"),
      "deletedAt" = CASE WHEN $3::boolean THEN $4::timestamp(3) ELSE "deletedAt" END,
      "createdAt" = COALESCE($5::timestamp(3), "createdAt"),
      "version" = $6, "etag" = $7, "updatedAt" = $8::timestamp(3), "updatedBy" = $9, "updatedById" = $10, "summary" = $11
    WHERE "id" = $12 AND "version" = $13 AND ($14::text IS NULL OR "etag" = $14) AND ("deletedAt" IS NULL) = $15::boolean
      AND ($23::text IS NULL OR "etag" = $23)
    RETURNING *
  ), content AS (
    INSERT INTO "RevisionContent" (${CONTENT_COLUMNS})
    SELECT "id", $17::text, $18::text, ${chain.depth}, ${chain.chainBytes}, $19::int, $20::text, $21::bytea FROM updated WHERE $21::bytea IS NOT NULL
    ON CONFLICT ("documentId", "hash") DO NOTHING
    RETURNING "depth", "chainBytes"
  ), revision AS (
    INSERT INTO "Revision" (${REVISION_COLUMNS}) SELECT ${revisionFromRow(`COALESCE($17::text, ${previousHashSql("$12", "$13")})`)}, $16, ${REVISION_STAMP_FROM_ROW} FROM updated
    RETURNING "id", "kind"
  )
  SELECT ${prefixed("u")}, ${NOTIFY} AS "notified", (SELECT "depth" FROM content) AS "contentDepth", (SELECT "chainBytes" FROM content) AS "contentChainBytes"
  FROM updated u, revision r`;
const SELECT_BASE = baseContentSql((n) => `$${n}`);
// Data comes as base64 text: node-postgres parses a bytea's hex text at a third of the speed
// (measured on an 80 KiB snapshot: 3.1 → 1.2 ms a read), and hex is half again as many bytes
// to send. The chain's snapshot comes by queries of its own, side by side with the chain's
// (readSnapshotAt), in parts, each on a connection of its own: the server sends a large value
// 8 KiB at a time, and on a virtual machine where each send costs a scheduling round trip, a
// 200 KiB snapshot took 5–6 ms as one value and 1.8 ms as three parts side by side (README,
// "Benchmark: revision storage", fourth pass).
const SELECT_CHAIN = chainSqlOf((n) => `$${n}`, { data: (column) => `encode(${column}, 'base64')`, notHeld: null, lateral: true });
const SELECT_PLANNED_SNAPSHOT = plannedSnapshotSqlOf((n) => `$${n}`, { notHeld: (column) => `${column} <> ALL($3::text[])`, data: (column) => `encode(${column}, 'base64')` });
const SELECT_SNAPSHOT_LENGTH = `SELECT "size", length("data") AS "length" FROM "RevisionContent" WHERE "documentId" = $1 AND "hash" = $2`;
const SELECT_SNAPSHOT_PART = `SELECT encode(substring("data" from $3 for $4), 'base64') AS "data" FROM "RevisionContent" WHERE "documentId" = $1 AND "hash" = $2`;
// Once a chain (a head's write): one value, not parts.
const SELECT_ROOT = rootSqlOf((n) => `$${n}`, { lateral: true, data: (column) => `encode(${column}, 'base64')` });
/** The statements of a read (and the root a chain head's write reads), for the test that holds their plans to index lookups. */
export const READ_STATEMENTS = {
  chain: { sql: SELECT_CHAIN, args: ["plan", 60] },
  plannedSnapshot: { sql: SELECT_PLANNED_SNAPSHOT, args: ["plan", 1, "{}", 1, 1000] },
  snapshotPart: { sql: SELECT_SNAPSHOT_PART, args: ["plan", "hash", 1, 1000] },
  root: { sql: SELECT_ROOT, args: ["plan", "hash"] },
} as const;
const SELECT_REVISION = revisionSqlOf((n) => `$${n}`);
// A chain that grew too long (reverts to old content) gets a snapshot at its head: the same
// content, stored whole.
const RESNAPSHOT = `UPDATE "RevisionContent" SET "baseHash" = NULL, "depth" = 0, "chainBytes" = $3, "codec" = $4, "data" = $5 WHERE "documentId" = $1 AND "hash" = $2`;

/** A row of SELECT_PLANNED_SNAPSHOT: the planned snapshot, and one range of its data as base64. */
interface PlannedPart {
  hash: string;
  codec: string;
  size: number;
  length: number;
  data: string;
}

type Written = DocumentRow & { notified?: unknown; contentDepth: number | null; contentChainBytes: number | null };

/** The hot path over the same pool Prisma's adapter uses. */
export function createPgHotPath(pool: pg.Pool): HotPath {
  const query = async <T extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) => (await pool.query<T>({ name, text, values, types })).rows;
  // What each document's content was at its last state this process saw: a write's delta
  // needs the content it replaces, and reading it first would cost a round trip.
  const bases = new ContentCache();
  /** Parts of a stored content's data, side by side, into `data` (false if the row went meanwhile). */
  async function partsInto(data: Buffer, documentId: string, hash: string, parts: [from: number, count: number][]): Promise<boolean> {
    const done = await Promise.all(
      parts.map(async ([from, count]) => {
        const [part] = await query<{ data: string }>("tandem_content_part", SELECT_SNAPSHOT_PART, [documentId, hash, from, count]);
        return part !== undefined && data.write(part.data, from - 1, count, "base64") === count;
      }),
    );
    return done.every(Boolean);
  }
  /** A stored content's data of `length` bytes, in parts side by side (null if it went meanwhile). */
  async function dataInParts(documentId: string, hash: string, length: number): Promise<Buffer | null> {
    const data = Buffer.allocUnsafe(length);
    return (await partsInto(data, documentId, hash, snapshotParts(length))) ? data : null;
  }
  const remember = (row: DocumentRow, hash: string | null) => bases.set(row.id, { version: row.version, etag: row.etag, content: row.content, hash });

  async function baseFor(target: CasTarget): Promise<{ etag: string; content: string; hash: string } | null> {
    const cached = bases.get(target.id, target.version, target.etag);
    if (cached) {
      cached.hash ??= sha256Hex(cached.content);
      return { etag: cached.etag, content: cached.content, hash: cached.hash };
    }
    const [read] = await query<{ content: string; etag: string; hash: string }>("tandem_document_base", SELECT_BASE, [target.id, target.version]);
    return read ?? null;
  }

  /** The root of stored content `hash`'s chain, decoded (see planContent), or null. */
  async function rootOf(documentId: string, hash: string): Promise<BaseText | null> {
    const [row] = await query<{ hash: string; codec: string; size: number; data: string }>("tandem_content_root", SELECT_ROOT, [documentId, hash]);
    return rootTextOf(documentId, row && { ...row, baseHash: null, data: Buffer.from(row.data, "base64") });
  }

  async function attempt(target: CasTarget, change: Change, stamp: Stamp, kind: RevisionKind, base: { etag: string; content: string; hash: string } | null) {
    // The base's root exists as long as the base does, which the statement checks ($23).
    const root = wantsRoot(change, stamp.version, base) ? await rootOf(target.id, base!.hash) : null;
    const write: ContentWrite = contentWrite(change, stamp.version, base, root);
    const { plan } = write;
    // In the order of COMPARE_AND_SET's $1…$23.
    const values = [
      ...Object.values(casValues(target, change, stamp, kind, toText)),
      write.hash, plan?.baseHash ?? null, plan?.size ?? null, plan?.codec ?? null, plan?.data ?? null, plan?.data.length ?? null, change.content === undefined ? null : (base?.etag ?? null),
    ];
    const [written] = await query<Written>("tandem_document_cas", COMPARE_AND_SET, values);
    if (!written) return null;
    const { notified: _notified, contentDepth, contentChainBytes, ...row } = written;
    remember(row, write.hash ?? base?.hash ?? null);
    if (plan && contentDepth !== null && contentChainBytes !== null && chainTooLong(contentDepth, contentChainBytes, plan.size)) {
      const snapshot = snapshotPlan(row.content, plan.hash);
      await query("tandem_content_resnapshot", RESNAPSHOT, [row.id, snapshot.hash, snapshot.data.length, snapshot.codec, snapshot.data]).catch(() => undefined);
    }
    return row;
  }

  return {
    async findRow(id) {
      const row = (await query<DocumentRow>("tandem_document_row", SELECT_ROW, [id]))[0] ?? null;
      if (row) remember(row, null);
      return row;
    },
    async findMeta(id) {
      return (await query<DocumentMeta>("tandem_document_meta", SELECT_META, [id]))[0] ?? null;
    },
    async insert(row) {
      const { hash, plan } = firstContent(row.content);
      const [result] = await query<{ inserted: number }>("tandem_document_insert", INSERT, [
        row.id, row.title, row.content, row.version, row.etag, toText(row.createdAt), toText(row.updatedAt), row.updatedBy, row.updatedById, row.summary,
        hash, plan!.size, plan!.data, plan!.data.length,
      ]);
      if (result!.inserted !== 1) return false;
      remember(row, hash);
      return true;
    },
    async compareAndSet(target, change, stamp, kind) {
      const base = change.content === undefined ? null : await baseFor(target);
      const row = await attempt(target, change, stamp, kind, base);
      if (row) return { written: true, row };
      // The state that beat this attempt, for the 412: the latest committed one.
      const current = (await query<DocumentRow>("tandem_document_row", SELECT_ROW, [target.id]))[0] ?? null;
      if (!current) return { written: false, current };
      remember(current, null);
      // Nothing beat it but a stale base (another instance wrote, or the id was purged and
      // created anew): once more, with the content read from the row.
      if (base && current.version === target.version && (target.etag === undefined || current.etag === target.etag) && (current.deletedAt === null) === target.live) {
        const again = await attempt({ ...target, etag: current.etag }, change, stamp, kind, await baseFor({ ...target, etag: current.etag }));
        if (again) return { written: true, row: again };
        return { written: false, current: (await query<DocumentRow>("tandem_document_row", SELECT_ROW, [target.id]))[0] ?? null };
      }
      return { written: false, current };
    },
    async principalByToken(tokenHash, documentId) {
      return principalOf((await query<PrincipalRow>("tandem_principal_token", BY_TOKEN, [tokenHash, documentId]))[0]);
    },
    async principalBySession(sessionToken, documentId) {
      return principalOf((await query<PrincipalRow>("tandem_principal_session", BY_SESSION, [sessionToken, documentId]))[0]);
    },
    async readChain(documentId, version) {
      const rows = await query<StoredChainRow<string>>("tandem_content_chain", SELECT_CHAIN, [documentId, version]);
      return rows.map((row) => chainRowOf(row, (data) => Buffer.from(data, "base64")));
    },
    async readSnapshotAt(documentId, version, held) {
      const leading = leadingParts();
      const answers = await Promise.all(
        leading.map(([from, count]) => query<PlannedPart>("tandem_content_planned_snapshot", SELECT_PLANNED_SNAPSHOT, [documentId, plannedSnapshotVersion(version), held, from, count])),
      );
      const at = answers[0]![0];
      if (!at) return null;
      const data = Buffer.allocUnsafe(at.length);
      // Each leading part holds what the data has in its range; a row that changed between them (a resnapshot) is none.
      const whole = answers.every(([part], i) => {
        const [from, count] = leading[i]!;
        const expected = Math.max(0, Math.min(count, at.length - (from - 1)));
        return part?.hash === at.hash && part.length === at.length && (expected === 0 ? part.data === "" : data.write(part.data, from - 1, expected, "base64") === expected);
      });
      const covered = leading.reduce((sum, [, count]) => sum + count, 0);
      return whole && (await partsInto(data, documentId, at.hash, partsAfter(at.length, covered))) ? { hash: at.hash, baseHash: null, codec: at.codec, data, size: at.size } : null;
    },
    async findRevision(documentId, version) {
      return (await query<StoredRevisionRow>("tandem_revision", SELECT_REVISION, [documentId, version]))[0] ?? null;
    },
    async readSnapshotData(documentId, hash) {
      const [at] = await query<{ size: number; length: number }>("tandem_content_length", SELECT_SNAPSHOT_LENGTH, [documentId, hash]);
      const data = at ? await dataInParts(documentId, hash, at.length) : null;
      return at && data ? { data, size: at.size } : null;
    },
    async close() {
      await pool.end();
    },
  };
}
