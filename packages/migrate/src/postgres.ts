import pg from "pg";
import type { MigrationFile } from "./migration-files.ts";
import { MIGRATIONS_TABLE, plan, type AppliedRow, type MigrateResult } from "./result.ts";

// Any constant works; every Tandem instance must use the same one.
const ADVISORY_LOCK_KEY = 7_461_023_117;

/**
 * Applies pending migrations while holding a session-level advisory lock, so instances that
 * start at the same moment run them one after another: the second one finds them recorded.
 * Each migration and its record commit in one transaction (PostgreSQL DDL is transactional),
 * so a crash leaves it either fully applied and recorded or not at all.
 */
export async function migratePostgres(url: string, files: MigrationFile[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url, application_name: "tandem-migrate" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
           name TEXT PRIMARY KEY,
           checksum TEXT NOT NULL,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await client.query<AppliedRow>(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`);
      const { pending, alreadyApplied, unknown } = plan(files, rows);
      const applied: string[] = [];
      for (const m of pending) {
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(m.name);
      }
      return { applied, alreadyApplied, unknown };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** Names of the recorded migrations, or [] when none ran yet. Used by health checks. */
export async function appliedPostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY name`,
    ).catch(() => ({ rows: [] as { name: string }[] }));
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}
