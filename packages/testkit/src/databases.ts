import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export type Provider = "sqlite" | "postgresql";

/**
 * Which databases the suites run on. `npm test` sets TANDEM_TEST_DATABASES after checking that
 * PostgreSQL answers (and fails under CI=true when it does not); run directly, both are used.
 */
export function testProviders(): Provider[] {
  const list = (process.env.TANDEM_TEST_DATABASES ?? "sqlite,postgresql").split(",").map((s) => s.trim());
  return list.filter((p): p is Provider => p === "sqlite" || p === "postgresql");
}

/** Admin connection used to create and drop one database per suite. */
export function pgAdminUrl(): string {
  return process.env.TANDEM_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

export interface TestDatabase {
  provider: Provider;
  url: string;
  /** For PostgreSQL: the database name. For SQLite: the file path. */
  name: string;
  drop(): Promise<void>;
}

export function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function pgQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A brand-new, empty database: a temp SQLite file, or a uniquely named PostgreSQL database. */
export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "tandem-test-"));
    const file = path.join(dir, "tandem.db");
    return { provider, url: `file:${file}`, name: file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `tandem_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = pgAdminUrl();
  await pgQuery(admin, `CREATE DATABASE "${name}"`);
  return {
    provider,
    url: withDatabase(admin, name),
    name,
    drop: async () => {
      await pgQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
