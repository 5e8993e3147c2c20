import { createDatabase, type Database } from "@tandem/db";
import { env } from "./env.ts";

// The process's one database client (one SQLite connection or one PostgreSQL pool).
//
// The documented dev-reload singleton: under `next dev` Turbopack re-evaluates this module on
// every edit, and a new client per edit would leak connections, so the instance is kept on
// globalThis. The production server loads this module once; nothing else uses globalThis.
const holder = globalThis as typeof globalThis & { tandemDatabase?: Database };

export function database(): Database {
  if (!holder.tandemDatabase) {
    const { DATABASE_URL, DATABASE_POOL_SIZE, DATABASE_CONNECT_TIMEOUT_MS, DATABASE_STATEMENT_TIMEOUT_MS, SQLITE_SYNCHRONOUS } = env();
    holder.tandemDatabase = createDatabase({
      url: DATABASE_URL,
      poolSize: DATABASE_POOL_SIZE,
      connectTimeoutMs: DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: DATABASE_STATEMENT_TIMEOUT_MS,
      sqliteSynchronous: SQLITE_SYNCHRONOUS,
    });
  }
  return holder.tandemDatabase;
}

/** Closes the pool, if one was opened (graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  const open = holder.tandemDatabase;
  holder.tandemDatabase = undefined;
  await open?.close();
}
