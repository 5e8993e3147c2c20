import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { providerOf, type Provider } from "@tandem/migrate";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { createDocumentsRepository, type DocumentsRepository } from "./documents-repository.ts";
import { createHealthRepository, type HealthRepository } from "./health-repository.ts";

export type { Provider };

export interface DatabaseConfig {
  /** `file:<absolute path>` (SQLite) or `postgresql://…`. */
  url: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /** How long to wait for a new PostgreSQL connection. */
  connectTimeoutMs?: number;
  /** Longest a PostgreSQL statement may run, and how long the driver waits for any answer. */
  statementTimeoutMs?: number;
}

/**
 * Both generated clients come from the same models (prisma/models.prisma), so their query API
 * is the same; the SQLite client's type stands for both. Provider-only features (such as
 * PostgreSQL's `mode: "insensitive"`) must not be used through it.
 */
export type PrismaDb = SqliteClient;
export type Tx = Parameters<Parameters<PrismaDb["$transaction"]>[0]>[0];

export interface Database {
  provider: Provider;
  prisma: PrismaDb;
  documents: DocumentsRepository;
  health: HealthRepository;
  close(): Promise<void>;
}

function createPrisma(config: DatabaseConfig): PrismaDb {
  const { url, poolSize = 10, connectTimeoutMs = 2_000, statementTimeoutMs = 5_000 } = config;
  if (providerOf(url) === "sqlite") {
    // busy timeout: another process (the migrator, a second instance) may hold the write lock.
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) });
  }
  // Every wait is bounded, so an unreachable database turns into a quick 503 instead of
  // requests piling up: connecting, each statement (server side), the answer to a statement
  // (client side: a partition or a hung server never answers), and a transaction left idle.
  const adapter = new PrismaPg({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    // A little later than the server-side limit, whose error is the more precise one.
    query_timeout: statementTimeoutMs + 1_000,
    idle_in_transaction_session_timeout: statementTimeoutMs * 2,
    keepAlive: true,
    application_name: "tandem",
  });
  return new PostgresClient({ adapter }) as unknown as PrismaDb;
}

/** One client (one SQLite connection or one PostgreSQL pool) and the repositories over it. */
export function createDatabase(config: DatabaseConfig): Database {
  const prisma = createPrisma(config);
  return {
    provider: providerOf(config.url),
    prisma,
    documents: createDocumentsRepository(prisma),
    health: createHealthRepository(prisma),
    close: () => prisma.$disconnect(),
  };
}
