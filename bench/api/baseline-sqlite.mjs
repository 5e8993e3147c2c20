// bench/api baseline on SQLite: node:http + better-sqlite3, Tandem's contract (baseline-http.mjs)
// on its own tables in its own file. Pragmas as Tandem's writing connection has them
// (packages/db/src/sqlite-hot-path.ts): WAL, foreign keys on, and synchronous as given (FULL by
// default, like Tandem's SQLITE_SYNCHRONOUS: an acknowledged write survives a power loss).
//   node bench/api/baseline-sqlite.mjs --port 0 --db /tmp/baseline.db [--synchronous full|normal]
import { randomUUID } from "node:crypto";
import { cli, driver, listen } from "./baseline-http.mjs";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS document (
  id TEXT NOT NULL PRIMARY KEY, title TEXT NOT NULL, content TEXT NOT NULL, version INTEGER NOT NULL, etag TEXT NOT NULL,
  createdAt INTEGER NOT NULL, updatedAt INTEGER NOT NULL, updatedBy TEXT, deletedAt INTEGER);
CREATE INDEX IF NOT EXISTS document_deletedAt_updatedAt ON document (deletedAt, updatedAt);
CREATE TABLE IF NOT EXISTS revision (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, documentId TEXT NOT NULL REFERENCES document (id), version INTEGER NOT NULL,
  title TEXT NOT NULL, content TEXT NOT NULL, etag TEXT NOT NULL, kind TEXT NOT NULL, author TEXT, createdAt INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS revision_documentId_version ON revision (documentId, version);
CREATE TABLE IF NOT EXISTS account (id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS token (hash TEXT NOT NULL PRIMARY KEY, userId TEXT NOT NULL REFERENCES account (id));
CREATE TABLE IF NOT EXISTS member (documentId TEXT NOT NULL REFERENCES document (id), userId TEXT NOT NULL REFERENCES account (id), role TEXT NOT NULL, PRIMARY KEY (documentId, userId));`;

const dates = (r) => r && { ...r, createdAt: new Date(r.createdAt), updatedAt: new Date(r.updatedAt), deletedAt: r.deletedAt === null ? null : new Date(r.deletedAt) };

export async function start({ port = 0, db: file, synchronous = "full" }) {
  if (!file) throw new Error("--db <sqlite file> is required");
  const Database = driver("better-sqlite3");
  const db = new Database(file, { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous === "normal" ? "NORMAL" : "FULL"}`);
  db.exec(SCHEMA);
  const meta = db.prepare("SELECT id, version, etag, createdAt, updatedAt, updatedBy, deletedAt FROM document WHERE id = ?");
  const get = db.prepare("SELECT * FROM document WHERE id = ?");
  const insert = db.prepare("INSERT INTO document (id, title, content, version, etag, createdAt, updatedAt, updatedBy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const update = db.prepare("UPDATE document SET title = ?, content = ?, version = ?, etag = ?, updatedAt = ?, updatedBy = ? WHERE id = ? AND version = ? AND deletedAt IS NULL");
  const principal = db.prepare("SELECT a.id AS userId, a.name, m.role FROM token t JOIN account a ON a.id = t.userId LEFT JOIN member m ON m.documentId = @id AND m.userId = a.id WHERE t.hash = @hash");
  const owner = db.prepare("INSERT INTO member (documentId, userId, role) VALUES (?, ?, 'owner')");
  const revision = db.prepare("INSERT INTO revision (documentId, version, title, content, etag, kind, author, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

  // One transaction: the compare-and-set on version (or the insert), then the revision of the new state.
  const write = db.transaction((row, expected, userId) => {
    const t = row.updatedAt.getTime();
    if (expected === undefined) {
      insert.run(row.id, row.title, row.content, row.version, row.etag, t, t, row.updatedBy);
      owner.run(row.id, userId);
    }
    else if (update.run(row.title, row.content, row.version, row.etag, t, row.updatedBy, row.id, expected).changes !== 1) return null;
    revision.run(row.id, row.version, row.title, row.content, row.etag, expected === undefined ? "create" : "update", row.updatedBy, t);
    return row;
  });
  const rowOf = (id, input, s, createdAt = s.now) => ({ id, ...input, version: s.version, etag: s.etag, createdAt, updatedAt: s.now, updatedBy: s.author, deletedAt: null });

  const store = {
    meta: async (id) => dates(meta.get(id)),
    get: async (id) => dates(get.get(id)),
    principal: async (hash, id) => principal.get({ hash, id }) ?? null,
    create: async (input, s, userId) => write(rowOf(randomUUID(), input, s), undefined, userId),
    cas: async (live, input, s) => write(rowOf(live.id, input, s, live.createdAt), live.version),
  };
  const server = await listen(store, port, () => db.close());
  server.addToken = async (hash, userId, name) => {
    db.prepare("INSERT OR IGNORE INTO account (id, name) VALUES (?, ?)").run(userId, name);
    db.prepare("INSERT OR IGNORE INTO token (hash, userId) VALUES (?, ?)").run(hash, userId);
  };
  const pragmas = ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"].map((p) => `${p}=${db.pragma(p, { simple: true })}`);
  return { ...server, describe: `sqlite ${file}; ${pragmas.join(" ")}` };
}

await cli(import.meta.url, start);
