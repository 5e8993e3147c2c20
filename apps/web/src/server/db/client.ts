import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@/generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client.ts";
import { env } from "../env";

/**
 * Both generated clients come from the same models (prisma/models.prisma), so their query
 * API is the same; the SQLite client's type stands for both. Provider-only features (such
 * as PostgreSQL's `mode: "insensitive"`) must not be used through it.
 */
export type Db = SqliteClient;

function create(): Db {
  const { DATABASE_URL, DATABASE_POOL_SIZE, provider } = env();
  if (provider === "sqlite") {
    // busy timeout: another process (the migrator, a second instance) may hold the write lock.
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: DATABASE_URL, timeout: 10_000 }) });
  }
  const adapter = new PrismaPg({
    connectionString: DATABASE_URL,
    max: DATABASE_POOL_SIZE,
    connectionTimeoutMillis: 5_000,
    application_name: "tandem",
  });
  return new PostgresClient({ adapter }) as unknown as Db;
}

// Next's dev server re-evaluates modules on every change; one client per process, not per reload.
const holder = globalThis as typeof globalThis & { tandemDb?: Db };

export function db(): Db {
  holder.tandemDb ??= create();
  return holder.tandemDb;
}

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
