import { readMigrations } from "./migration-files.ts";
import { appliedPostgres, migratePostgres } from "./postgres.ts";
import { providerOf, sqlitePath } from "./provider.ts";
import type { MigrateResult } from "./result.ts";
import { appliedSqlite, migrateSqlite } from "./sqlite.ts";

export { readMigrations, type MigrationFile } from "./migration-files.ts";
export { providerOf, redact, sqlitePath, type Provider } from "./provider.ts";
export { MIGRATIONS_TABLE, MigrationChecksumError, type MigrateResult } from "./result.ts";

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
