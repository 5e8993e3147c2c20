import pg from "pg";
import type { DocumentMeta, DocumentRow } from "./documents-repository.ts";
import { DOCUMENT_CHANNEL } from "./change-feed.ts";
import { casValues, MEMBER_COLUMNS, META_COLUMNS, principalBySessionSql, principalByTokenSql, REVISION_COLUMNS, REVISION_FROM_ROW, REVISION_STAMP_FROM_ROW, ROW_COLUMNS, type HotPath, type PrincipalRow } from "./hot-path.ts";

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
  ), revision AS (
    INSERT INTO "Revision" (${REVISION_COLUMNS}) SELECT ${REVISION_FROM_ROW}, 'create', ${REVISION_STAMP_FROM_ROW} FROM inserted
    RETURNING "id", "kind"
  ), owner AS (
    INSERT INTO "DocumentMember" (${MEMBER_COLUMNS}) SELECT "id", "updatedById", 'owner', "createdAt", "createdAt" FROM inserted WHERE "updatedById" IS NOT NULL
  ), notified AS (
    SELECT ${NOTIFY} FROM inserted u, revision r
  )
  SELECT count(*)::int AS "inserted" FROM notified`;
// The change and its revision in one statement: one round trip, atomic. A NULL leaves a column
// as it is.
const COMPARE_AND_SET = `
  WITH updated AS (
    UPDATE "Document" SET
      "title" = COALESCE($1::text, "title"),
      "content" = COALESCE($2::text, "content"),
      "deletedAt" = CASE WHEN $3::boolean THEN $4::timestamp(3) ELSE "deletedAt" END,
      "createdAt" = COALESCE($5::timestamp(3), "createdAt"),
      "version" = $6, "etag" = $7, "updatedAt" = $8::timestamp(3), "updatedBy" = $9, "updatedById" = $10, "summary" = $11
    WHERE "id" = $12 AND "version" = $13 AND ($14::text IS NULL OR "etag" = $14) AND ("deletedAt" IS NULL) = $15::boolean
    RETURNING *
  ), revision AS (
    INSERT INTO "Revision" (${REVISION_COLUMNS}) SELECT ${REVISION_FROM_ROW}, $16, ${REVISION_STAMP_FROM_ROW} FROM updated
    RETURNING "id", "kind"
  )
  SELECT ${prefixed("u")}, ${NOTIFY} AS "notified" FROM updated u, revision r`;

/** The hot path over the same pool Prisma's adapter uses. */
export function createPgHotPath(pool: pg.Pool): HotPath {
  const query = async <T extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) => (await pool.query<T>({ name, text, values, types })).rows;

  return {
    async findRow(id) {
      return (await query<DocumentRow>("tandem_document_row", SELECT_ROW, [id]))[0] ?? null;
    },
    async findMeta(id) {
      return (await query<DocumentMeta>("tandem_document_meta", SELECT_META, [id]))[0] ?? null;
    },
    async insert(row) {
      const [result] = await query<{ inserted: number }>("tandem_document_insert", INSERT, [
        row.id, row.title, row.content, row.version, row.etag, toText(row.createdAt), toText(row.updatedAt), row.updatedBy, row.updatedById, row.summary,
      ]);
      return result!.inserted === 1;
    },
    async compareAndSet(target, change, stamp, kind) {
      // In the order of COMPARE_AND_SET's $1…$16.
      const [written] = await query<DocumentRow & { notified?: unknown }>("tandem_document_cas", COMPARE_AND_SET, Object.values(casValues(target, change, stamp, kind, toText)));
      if (written) {
        const { notified: _notified, ...row } = written;
        return { written: true, row };
      }
      // The state that beat this attempt, for the 412: the latest committed one.
      return { written: false, current: (await query<DocumentRow>("tandem_document_row", SELECT_ROW, [target.id]))[0] ?? null };
    },
    async principalByToken(tokenHash, documentId) {
      return principalOf((await query<PrincipalRow>("tandem_principal_token", BY_TOKEN, [tokenHash, documentId]))[0]);
    },
    async principalBySession(sessionToken, documentId) {
      return principalOf((await query<PrincipalRow>("tandem_principal_session", BY_SESSION, [sessionToken, documentId]))[0]);
    },
    async close() {
      await pool.end();
    },
  };
}
