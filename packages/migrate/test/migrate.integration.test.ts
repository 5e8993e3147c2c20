import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createTestDatabase, pgQuery, testProviders, type TestDatabase } from "@tandem/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_TABLE, migrate, MigrationChecksumError, pendingMigrations, sqlitePath } from "../src/index.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const REAL_MIGRATIONS = path.resolve(here, "..", "..", "..", "prisma", "migrations");
const CLI = path.resolve(here, "..", "dist", "cli.js");

/** A private copy of the real migrations that a test may add to or edit. */
function migrationsCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tandem-migrations-"));
  cpSync(REAL_MIGRATIONS, dir, { recursive: true });
  return dir;
}

function addMigration(root: string, provider: string, name: string, sql: string) {
  mkdirSync(path.join(root, provider, name), { recursive: true });
  writeFileSync(path.join(root, provider, name, "migration.sql"), sql);
}

async function query(db: TestDatabase, sql: string): Promise<Record<string, unknown>[]> {
  if (db.provider === "postgresql") return pgQuery(db.url, sql);
  const conn = new Database(sqlitePath(db.url), { readonly: true });
  try {
    return conn.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    conn.close();
  }
}

function runCli(url: string, dir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, "--url", url, "--dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

for (const provider of testProviders()) {
  describe(`tandem-migrate on ${provider}`, () => {
    let db: TestDatabase;
    afterEach(async () => {
      await db?.drop();
    });

    it("applies every migration once, records it, and is a no-op the second time", async () => {
      db = await createTestDatabase(provider);
      const first = await migrate({ url: db.url, migrationsRoot: REAL_MIGRATIONS });
      expect(first.applied.length).toBeGreaterThan(0);
      expect(await pendingMigrations({ url: db.url, migrationsRoot: REAL_MIGRATIONS })).toEqual([]);
      const second = await migrate({ url: db.url, migrationsRoot: REAL_MIGRATIONS });
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(first.applied);
      const docs = await query(db, `SELECT COUNT(*) AS n FROM "Document"`);
      expect(Number(docs[0]!.n)).toBe(0);
    });

    it("is safe when six processes start at the same moment", async () => {
      db = await createTestDatabase(provider);
      const runs = await Promise.all(Array.from({ length: 6 }, () => runCli(db.url, REAL_MIGRATIONS)));
      for (const run of runs) expect(run.code, run.out).toBe(0);
      const appliedBy = runs.filter((r) => /applied [1-9]/.test(r.out));
      expect(appliedBy).toHaveLength(1);
      const rows = await query(db, `SELECT name FROM "${MIGRATIONS_TABLE}"`);
      const names = rows.map((r) => r.name);
      expect(new Set(names).size).toBe(names.length);
      expect(await pendingMigrations({ url: db.url, migrationsRoot: REAL_MIGRATIONS })).toEqual([]);
    });

    it("rolls back a failing migration whole and records nothing for it", async () => {
      db = await createTestDatabase(provider);
      const root = migrationsCopy();
      addMigration(root, provider, "99990101000000_broken", `CREATE TABLE "Half" ("id" INTEGER);\nTHIS IS NOT SQL;\n`);
      await expect(migrate({ url: db.url, migrationsRoot: root })).rejects.toThrow(/99990101000000_broken failed/);
      const tables = await query(
        db,
        provider === "sqlite" ? `SELECT name FROM sqlite_master WHERE name = 'Half'` : `SELECT tablename FROM pg_tables WHERE tablename = 'Half'`,
      );
      expect(tables).toEqual([]);
      expect(await pendingMigrations({ url: db.url, migrationsRoot: root })).toContain("99990101000000_broken");
    });

    it("refuses to run when an applied migration was edited", async () => {
      db = await createTestDatabase(provider);
      const root = migrationsCopy();
      addMigration(root, provider, "99990101000000_extra", `CREATE TABLE "Extra" ("id" INTEGER);\n`);
      await migrate({ url: db.url, migrationsRoot: root });
      addMigration(root, provider, "99990101000000_extra", `CREATE TABLE "Extra" ("id" INTEGER, "x" INTEGER);\n`);
      await expect(migrate({ url: db.url, migrationsRoot: root })).rejects.toThrow(MigrationChecksumError);
    });
  });
}
