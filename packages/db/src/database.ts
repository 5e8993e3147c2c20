import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { providerOf, sqlitePath, type Provider } from "@tandem/migrate";
import pg from "pg";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { createDocumentsRepository, type DocumentsRepository } from "./documents-repository.ts";
import { createHealthRepository, type HealthRepository } from "./health-repository.ts";
import { createAccountsRepository, type AccountsRepository } from "./accounts-repository.ts";
import { createAuditRepository, type AuditRepository } from "./audit-repository.ts";
import { createMembersRepository, type MembersRepository } from "./members-repository.ts";
import { createIdempotencyRepository, type IdempotencyRepository } from "./idempotency-repository.ts";
import type { HotPath } from "./hot-path.ts";
import { createPgHotPath } from "./pg-hot-path.ts";
import { createSqliteHotPath } from "./sqlite-hot-path.ts";
import { FeedListeners, MEMBERSHIP_CHANNEL, type ChangeFeed, type MembershipChange } from "./change-feed.ts";
import { createLocalChangeFeed, createPgChangeFeed } from "./pg-change-feed.ts";

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
  /**
   * SQLite: `full` syncs the WAL on every commit, so an acknowledged write survives a power
   * loss; `normal` syncs at checkpoints only (faster; the last commits can be lost, never
   * corrupted).
   */
  sqliteSynchronous?: "full" | "normal";
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
  accounts: AccountsRepository;
  members: MembersRepository;
  audit: AuditRepository;
  idempotency: IdempotencyRepository;
  /** Committed changes, membership changes and presence, as every instance hears them. */
  feed: ChangeFeed;
  /** Resolves credentials on the request path (prepared statements, like the documents'). */
  principals: Pick<HotPath, "principalByToken" | "principalBySession">;
  health: HealthRepository;
  close(): Promise<void>;
}

/** How a membership change is announced: inside its transaction (PostgreSQL) or after it (SQLite). */
export interface MembershipAnnouncer {
  inTransaction(tx: Tx, change: MembershipChange): Promise<void>;
  afterCommit(change: MembershipChange): void;
}

interface Connection {
  prisma: PrismaDb;
  hotPath: HotPath;
  feed: ChangeFeed;
  membership: MembershipAnnouncer;
}

function connect(config: DatabaseConfig): Connection {
  const { url, poolSize = 10, connectTimeoutMs = 2_000, statementTimeoutMs = 5_000, sqliteSynchronous = "full" } = config;
  if (providerOf(url) === "sqlite") {
    // One instance: its own writes are all there is to announce, in-process, after commit.
    const listeners = new FeedListeners();
    return {
      // busy timeout: another process (the migrator, a CLI) may hold the write lock.
      prisma: new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) }),
      hotPath: createSqliteHotPath(sqlitePath(url), { synchronous: sqliteSynchronous, announce: (change) => listeners.emit({ type: "document", change }) }),
      feed: createLocalChangeFeed(listeners),
      membership: { inTransaction: async () => undefined, afterCommit: (change) => listeners.emit({ type: "membership", change }) },
    };
  }
  // Every wait is bounded, so an unreachable database turns into a quick 503 instead of
  // requests piling up: connecting, each statement (server side), the answer to a statement
  // (client side: a partition or a hung server never answers), and a transaction left idle.
  const pool = new pg.Pool({
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
  // An idle connection the server drops (a restart, an administrator) is discarded by the pool
  // and replaced on demand; without a listener its error would end the process.
  pool.on("error", () => undefined);
  // One pool for Prisma and the hot path: the pool size is the instance's whole budget (plus
  // the one LISTEN connection of the change feed, opened on its first subscriber).
  return {
    prisma: new PostgresClient({ adapter: new PrismaPg(pool) }) as unknown as PrismaDb,
    hotPath: createPgHotPath(pool),
    feed: createPgChangeFeed(url, pool, { connectTimeoutMs }),
    membership: {
      async inTransaction(tx, change) {
        await tx.$executeRaw`SELECT pg_notify(${MEMBERSHIP_CHANNEL}, ${JSON.stringify(change)})`;
      },
      afterCommit: () => undefined,
    },
  };
}

/** One client (one SQLite connection or one PostgreSQL pool) and the repositories over it. */
export function createDatabase(config: DatabaseConfig): Database {
  const { prisma, hotPath, feed, membership } = connect(config);
  return {
    provider: providerOf(config.url),
    prisma,
    documents: createDocumentsRepository(prisma, hotPath, providerOf(config.url)),
    accounts: createAccountsRepository(prisma),
    members: createMembersRepository(prisma, membership),
    feed,
    audit: createAuditRepository(prisma),
    idempotency: createIdempotencyRepository(prisma),
    principals: { principalByToken: (hash, id) => hotPath.principalByToken(hash, id), principalBySession: (token, id) => hotPath.principalBySession(token, id) },
    health: createHealthRepository(prisma),
    async close() {
      await feed.close();
      // The pool (PostgreSQL) is ended and awaited before anything else lets go of it.
      await hotPath.close().catch(() => undefined);
      await prisma.$disconnect().catch(() => undefined);
    },
  };
}
