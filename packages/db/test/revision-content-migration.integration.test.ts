import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { migrate } from "@tandem/migrate";
import { createTestDatabase, testProviders, type Provider, type TestDatabase } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../src/index.ts";

// The migration to the content store, on a database the previous schema filled: every
// revision reads back exactly, repeated contents are stored once, two instances starting at
// once apply it once, and writing carries on over the migrated history.

const MIGRATIONS = path.resolve(import.meta.dirname, "..", "..", "..", "prisma", "migrations");
const STORE_MIGRATION = "20261130150703_revision_content_store";

/** The migrations folder as it was before the content store. */
function previousMigrations(provider: Provider): string {
  const root = mkdtempSync(path.join(tmpdir(), "tandem-migrations-"));
  for (const name of readdirSync(path.join(MIGRATIONS, provider)).filter((n) => n < STORE_MIGRATION)) {
    cpSync(path.join(MIGRATIONS, provider, name), path.join(root, provider, name), { recursive: true });
  }
  return root;
}

const CONTENTS = ["", "one line, no final newline", "crlf\r\nlines\r\n", "ünïcødé — 😀 \u{10FFFF}\n", "a\n".repeat(5000), "tab\tand more\t"];
/** [documentId, version, title, content index, kind, deleted]: title changes, a delete and a re-create repeat contents. */
const HISTORY: [string, number, string, number, string][] = [
  ["d1", 1, "First", 0, "create"],
  ["d1", 2, "First", 1, "update"],
  ["d1", 3, "Renamed", 1, "update"],
  ["d1", 4, "Renamed", 2, "update"],
  ["d1", 5, "Renamed", 2, "delete"],
  ["d1", 6, "Back", 2, "recreate"],
  ["d1", 7, "Back", 3, "update"],
  ["d1", 8, "Back", 4, "update"],
  ["d2", 1, "Other", 4, "create"],
  ["d2", 2, "Other", 5, "update"],
  ["d2", 3, "Other", 0, "update"],
];
const AT = "2026-01-01T00:00:00.000Z";

async function fillOldSchema(db: TestDatabase) {
  const last = new Map<string, (typeof HISTORY)[number]>();
  for (const h of HISTORY) last.set(h[0], h);
  const documents = [...last.values()].map(([id, version, title, content]) => [id, title, CONTENTS[content]!, version, `${version}.old`]);
  const revisions = HISTORY.map(([id, version, title, content, kind]) => [id, version, title, CONTENTS[content]!, `${version}.old`, kind]);
  if (db.provider === "sqlite") {
    const file = new Sqlite(db.name);
    const at = AT.replace("Z", "+00:00");
    for (const d of documents) file.prepare(`INSERT INTO "Document" ("id", "title", "content", "version", "etag", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`).run(...d, at, at);
    for (const r of revisions) file.prepare(`INSERT INTO "Revision" ("documentId", "version", "title", "content", "etag", "kind", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`).run(...r, at);
    file.close();
    return;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    for (const d of documents) await client.query(`INSERT INTO "Document" ("id", "title", "content", "version", "etag", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $6)`, [...d, AT]);
    for (const r of revisions) await client.query(`INSERT INTO "Revision" ("documentId", "version", "title", "content", "etag", "kind", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7)`, [...r, AT]);
  } finally {
    await client.end();
  }
}

describe.each(testProviders())("migration to the content store on %s", (provider) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    const previous = previousMigrations(provider);
    try {
      expect((await migrate({ url: testDb.url, migrationsRoot: previous })).applied).not.toContain(STORE_MIGRATION);
    } finally {
      rmSync(previous, { recursive: true, force: true });
    }
    await fillOldSchema(testDb);
    // Two instances starting at once: one applies it, the other finds it applied.
    const results = await Promise.all([migrate({ url: testDb.url, migrationsRoot: MIGRATIONS }), migrate({ url: testDb.url, migrationsRoot: MIGRATIONS })]);
    expect(results.map((r) => r.applied.includes(STORE_MIGRATION)).sort()).toEqual([false, true]);
    db = createDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("every old revision reads back exactly, with its ETag and kind", async () => {
    for (const [id, version, title, c, kind] of HISTORY) {
      expect(await db.documents.findRevision(id, version), `${id} v${version}`).toEqual({
        documentId: id, version, title, content: CONTENTS[c], etag: `${version}.old`, kind, author: null, authorId: null, summary: null, createdAt: new Date(AT),
      });
    }
    expect(await db.documents.verifyRevisions(() => undefined)).toEqual({ documents: 2, revisions: HISTORY.length, contents: 8, problems: 0 });
  });

  it("stores each distinct content of a document once", async () => {
    expect(await db.prisma.revisionContent.count({ where: { documentId: "d1" } })).toBe(5);
    expect(await db.prisma.revisionContent.count({ where: { documentId: "d2" } })).toBe(3);
  });

  it("writing carries on over the migrated history: a delta on an old content, a delete, a purge", async () => {
    const row = (await db.documents.findRow("d1"))!;
    const next = `${row.content}one more\n`;
    const s = { version: row.version + 1, etag: `${row.version + 1}.new`, now: new Date(), author: null, authorId: null };
    expect((await db.documents.compareAndSet({ id: "d1", version: row.version, etag: row.etag, live: true }, { content: next }, s, "update")).written).toBe(true);
    const stored = await db.prisma.revisionContent.findMany({ where: { documentId: "d1", baseHash: { not: null } } });
    expect(stored).toHaveLength(1);
    expect(await db.documents.findRevision("d1", row.version + 1)).toMatchObject({ content: next, etag: s.etag });
    const del = { ...s, version: s.version + 1, etag: `${s.version + 1}.del` };
    await db.documents.compareAndSet({ id: "d2", version: 3, live: true }, { deletedAt: new Date() }, del, "delete");
    expect(await db.documents.purge("d2")).toBe(true);
    expect(await db.prisma.revisionContent.count({ where: { documentId: "d2" } })).toBe(0);
    expect(await db.documents.verifyRevisions(() => undefined)).toMatchObject({ documents: 1, problems: 0 });
  });
});
