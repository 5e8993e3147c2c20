// bench/api baseline on PostgreSQL: node:http + pg, Tandem's contract (baseline-http.mjs) on
// its own tables in the database it is given. Pool settings as Tandem's client with the default
// env (packages/db/src/database.ts): 10 connections, 2 s connect timeout, 5 s statement timeout.
//   node bench/api/baseline-pg.mjs --port 0 --db postgresql://postgres@127.0.0.1:5432/<existing database>
import { randomUUID } from "node:crypto";
import { cli, driver, listen } from "./baseline-http.mjs";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS document (
  id TEXT NOT NULL PRIMARY KEY, title TEXT NOT NULL, content TEXT NOT NULL, version INTEGER NOT NULL, etag TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL, "updatedAt" TIMESTAMP(3) NOT NULL, "updatedBy" TEXT, "deletedAt" TIMESTAMP(3));
CREATE INDEX IF NOT EXISTS document_deletedAt_updatedAt ON document ("deletedAt", "updatedAt");
CREATE TABLE IF NOT EXISTS revision (
  id SERIAL PRIMARY KEY, "documentId" TEXT NOT NULL REFERENCES document (id), version INTEGER NOT NULL,
  title TEXT NOT NULL, content TEXT NOT NULL, etag TEXT NOT NULL, kind TEXT NOT NULL, author TEXT, "createdAt" TIMESTAMP(3) NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS revision_documentId_version ON revision ("documentId", version);
CREATE TABLE IF NOT EXISTS account (id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS token (hash TEXT NOT NULL PRIMARY KEY, "userId" TEXT NOT NULL REFERENCES account (id));
CREATE TABLE IF NOT EXISTS member ("documentId" TEXT NOT NULL REFERENCES document (id), "userId" TEXT NOT NULL REFERENCES account (id), role TEXT NOT NULL, PRIMARY KEY ("documentId", "userId"));`;

// Named statements: pg prepares each once per connection.
const Q = {
  meta: 'SELECT id, version, etag, "createdAt", "updatedAt", "updatedBy", "deletedAt" FROM document WHERE id = $1',
  get: "SELECT * FROM document WHERE id = $1",
  insert: 'INSERT INTO document (title, content, version, etag, "updatedAt", "updatedBy", id, "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $5)',
  update: 'UPDATE document SET title = $1, content = $2, version = $3, etag = $4, "updatedAt" = $5, "updatedBy" = $6 WHERE id = $7 AND version = $8 AND "deletedAt" IS NULL',
  principal: 'SELECT a.id AS "userId", a.name, m.role FROM token t JOIN account a ON a.id = t."userId" LEFT JOIN member m ON m."documentId" = $2 AND m."userId" = a.id WHERE t.hash = $1',
  owner: "INSERT INTO member (\"documentId\", \"userId\", role) VALUES ($1, $2, 'owner')",
  revision: 'INSERT INTO revision ("documentId", version, title, content, etag, kind, author, "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
};
const q = (name, values) => ({ name, text: Q[name], values });

export async function start({ port = 0, db: url }) {
  if (!url) throw new Error("--db postgresql://… (an existing database) is required");
  const pg = driver("pg");
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 2_000,
    statement_timeout: 5_000,
    query_timeout: 6_000,
    idle_in_transaction_session_timeout: 10_000,
    keepAlive: true,
    application_name: "tandem-baseline",
  });
  await pool.query(SCHEMA);
  const one = async (name, id) => (await pool.query(q(name, [id]))).rows[0] ?? null;

  // One transaction: the compare-and-set on version (or the insert), then the revision of the new state.
  async function write(row, expected, userId) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const fields = [row.title, row.content, row.version, row.etag, row.updatedAt, row.updatedBy, row.id];
      const changed = await client.query(expected === undefined ? q("insert", fields) : q("update", [...fields, expected]));
      if (changed.rowCount !== 1) {
        await client.query("ROLLBACK");
        return null;
      }
      if (expected === undefined) await client.query(q("owner", [row.id, userId]));
      await client.query(q("revision", [row.id, row.version, row.title, row.content, row.etag, expected === undefined ? "create" : "update", row.updatedBy, row.updatedAt]));
      await client.query("COMMIT");
      return row;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  const rowOf = (id, input, s, createdAt = s.now) => ({ id, ...input, version: s.version, etag: s.etag, createdAt, updatedAt: s.now, updatedBy: s.author, deletedAt: null });

  const store = {
    meta: (id) => one("meta", id),
    get: (id) => one("get", id),
    principal: async (hash, id) => (await pool.query(q("principal", [hash, id]))).rows[0] ?? null,
    create: (input, s, userId) => write(rowOf(randomUUID(), input, s), undefined, userId),
    cas: (live, input, s) => write(rowOf(live.id, input, s, live.createdAt), live.version),
  };
  const server = await listen(store, port, () => pool.end());
  server.addToken = async (hash, userId, name) => {
    await pool.query("INSERT INTO account (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING", [userId, name]);
    await pool.query('INSERT INTO token (hash, "userId") VALUES ($1, $2) ON CONFLICT DO NOTHING', [hash, userId]);
  };
  return { ...server, describe: `postgresql ${new URL(url).pathname.slice(1)}; pool max 10` };
}

await cli(import.meta.url, start);
