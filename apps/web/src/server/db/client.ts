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
  const { DATABASE_URL, DATABASE_POOL_SIZE, DATABASE_CONNECT_TIMEOUT_MS, DATABASE_STATEMENT_TIMEOUT_MS, provider } = env();
  if (provider === "sqlite") {
    // busy timeout: another process (the migrator, a second instance) may hold the write lock.
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: DATABASE_URL, timeout: 10_000 }) });
  }
  // Every wait is bounded, so an unreachable database turns into a quick 503 instead of
  // requests piling up: connecting, each statement (server side), the answer to a statement
  // (client side: a partition or a hung server never answers), and a transaction left idle.
  const adapter = new PrismaPg({
    connectionString: DATABASE_URL,
    max: DATABASE_POOL_SIZE,
    connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS,
    statement_timeout: DATABASE_STATEMENT_TIMEOUT_MS,
    // A little later than the server-side limit, whose error is the more precise one.
    query_timeout: DATABASE_STATEMENT_TIMEOUT_MS + 1_000,
    idle_in_transaction_session_timeout: DATABASE_STATEMENT_TIMEOUT_MS * 2,
    keepAlive: true,
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
