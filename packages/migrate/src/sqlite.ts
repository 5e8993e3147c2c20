import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { MigrationFile } from "./migration-files.ts";
import { MIGRATIONS_TABLE, plan, type AppliedRow, type MigrateResult } from "./result.ts";

/**
 * Applies pending migrations in one `BEGIN IMMEDIATE` transaction: it takes SQLite's write
 * lock up front, so a second process starting at the same moment waits (busy_timeout) and then
 * finds everything recorded. WAL mode is switched on here once; it persists in the file and
 * is what lets readers and the writer work side by side and survive a crash.
 */
export function migrateSqlite(file: string, files: MigrationFile[]): MigrateResult {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 30_000 });
  try {
    db.pragma("journal_mode = WAL");
    // SQLite has no hash function; data migrations that key content by SHA-256 (of its UTF-8
    // bytes, as the app computes it) call this one.
    db.function("tandem_sha256_hex", { deterministic: true }, (text: unknown) => createHash("sha256").update(String(text), "utf8").digest("hex"));
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
           name TEXT PRIMARY KEY,
           checksum TEXT NOT NULL,
           applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
         )`,
      );
      const rows = db.prepare(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`).all() as AppliedRow[];
      const { pending, alreadyApplied, unknown } = plan(files, rows);
      const record = db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES (?, ?)`);
      for (const m of pending) {
        try {
          db.exec(m.sql);
        } catch (error) {
          throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
        }
        record.run(m.name, m.checksum);
      }
      db.exec("COMMIT");
      return { applied: pending.map((m) => m.name), alreadyApplied, unknown };
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
  } finally {
    db.close();
  }
}

export function appliedSqlite(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
    if (!exists) return [];
    return (db.prepare(`SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}
