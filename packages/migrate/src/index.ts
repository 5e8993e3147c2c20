import { readMigrations } from "./migration-files.js";
import { appliedPostgres, migratePostgres } from "./postgres.js";
import { providerOf, sqlitePath } from "./provider.js";
import type { MigrateResult } from "./result.js";
import { appliedSqlite, migrateSqlite } from "./sqlite.js";

export { readMigrations, type MigrationFile } from "./migration-files.js";
export { providerOf, redact, sqlitePath, type Provider } from "./provider.js";
export { MIGRATIONS_TABLE, MigrationChecksumError, type MigrateResult } from "./result.js";

export interface MigrateOptions {
  /** DATABASE_URL: `file:…` or `postgresql://…`. */
  url: string;
  /** Folder holding `sqlite/` and `postgresql/` migration folders (prisma/migrations). */
  migrationsRoot: string;
}

/** Applies every pending migration of the URL's provider. Idempotent; safe to race. */
export async function migrate({ url, migrationsRoot }: MigrateOptions): Promise<MigrateResult> {
  const provider = providerOf(url);
  const files = readMigrations(migrationsRoot, provider);
  return provider === "sqlite" ? migrateSqlite(sqlitePath(url), files) : migratePostgres(url, files);
}

/** Which of this build's migrations the database is missing ([] = current). */
export async function pendingMigrations({ url, migrationsRoot }: MigrateOptions): Promise<string[]> {
  const provider = providerOf(url);
  const files = readMigrations(migrationsRoot, provider);
  const applied = new Set(provider === "sqlite" ? appliedSqlite(sqlitePath(url)) : await appliedPostgres(url));
  return files.map((f) => f.name).filter((n) => !applied.has(n));
}
