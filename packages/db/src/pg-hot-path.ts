import pg from "pg";
import type { DocumentMeta, DocumentRow } from "./documents-repository.ts";
import { casValues, META_COLUMNS, REVISION_COLUMNS, REVISION_FROM_ROW, ROW_COLUMNS, type HotPath } from "./hot-path.ts";

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

// Named statements: each connection of the pool parses and plans them once.
const SELECT_ROW = `SELECT ${ROW_COLUMNS} FROM "Document" WHERE "id" = $1`;
const SELECT_META = `SELECT ${META_COLUMNS} FROM "Document" WHERE "id" = $1`;
const INSERT = `
  WITH inserted AS (
    INSERT INTO "Document" (${ROW_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::timestamp(3), $7::timestamp(3), $8, NULL)
    ON CONFLICT ("id") DO NOTHING RETURNING *
  ), revision AS (
    INSERT INTO "Revision" (${REVISION_COLUMNS}) SELECT ${REVISION_FROM_ROW}, 'create', "updatedBy", "updatedAt" FROM inserted
  )
  SELECT count(*)::int AS "inserted" FROM inserted`;
// The change and its revision in one statement: one round trip, atomic. A NULL leaves a column
// as it is.
const COMPARE_AND_SET = `
  WITH updated AS (
    UPDATE "Document" SET
      "title" = COALESCE($1::text, "title"),
      "content" = COALESCE($2::text, "content"),
      "deletedAt" = CASE WHEN $3::boolean THEN $4::timestamp(3) ELSE "deletedAt" END,
      "createdAt" = COALESCE($5::timestamp(3), "createdAt"),
      "version" = $6, "etag" = $7, "updatedAt" = $8::timestamp(3), "updatedBy" = $9
    WHERE "id" = $10 AND "version" = $11 AND ($12::text IS NULL OR "etag" = $12) AND ("deletedAt" IS NULL) = $13::boolean
    RETURNING *
  ), revision AS (
    INSERT INTO "Revision" (${REVISION_COLUMNS}) SELECT ${REVISION_FROM_ROW}, $14, "updatedBy", "updatedAt" FROM updated
  )
  SELECT ${ROW_COLUMNS} FROM updated`;

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
        row.id, row.title, row.content, row.version, row.etag, toText(row.createdAt), toText(row.updatedAt), row.updatedBy,
      ]);
      return result!.inserted === 1;
    },
    async compareAndSet(target, change, stamp, kind) {
      // In the order of COMPARE_AND_SET's $1…$14.
      const [row] = await query<DocumentRow>("tandem_document_cas", COMPARE_AND_SET, Object.values(casValues(target, change, stamp, kind, toText)));
      if (row) return { written: true, row };
      // The state that beat this attempt, for the 412: the latest committed one.
      return { written: false, current: (await query<DocumentRow>("tandem_document_row", SELECT_ROW, [target.id]))[0] ?? null };
    },
    async close() {
      await pool.end();
    },
  };
}
