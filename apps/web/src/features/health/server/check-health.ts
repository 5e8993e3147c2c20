import { MIGRATIONS_TABLE, readMigrations } from "@tandem/migrate";
import { database } from "../../../platform/database.ts";
import { env } from "../../../platform/env.ts";

export interface Health {
  status: "ok" | "unavailable";
  provider: "sqlite" | "postgresql";
  database: "up" | "down";
  migrations: { current: boolean; pending: string[] } | null;
}

/** Database reachable and every migration of this build applied. */
export async function checkHealth(): Promise<Health> {
  const { provider, DATABASE_CONNECT_TIMEOUT_MS } = env();
  const down: Health = { status: "unavailable", provider, database: "down", migrations: null };
  // A probe that hangs is worse than one that fails: the balancer's own timeout would then
  // decide, and a pile of waiting probes would hold connections. A silent database is "down".
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Health>((resolve) => {
    timer = setTimeout(() => resolve(down), DATABASE_CONNECT_TIMEOUT_MS + 1_000);
  });
  try {
    return await Promise.race([probe(down), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The migrations of this build do not change while it runs: read their names once.
let expected: string[] | undefined;

async function probe(down: Health): Promise<Health> {
  const { provider, migrationsDir } = env();
  try {
    const { health } = database();
    await health.ping();
    expected ??= readMigrations(migrationsDir, provider).map((m) => m.name);
    // Through the pool the app already has: a probe every few seconds opens no connection.
    const done = new Set(await health.appliedMigrations(MIGRATIONS_TABLE));
    const pending = expected.filter((name) => !done.has(name));
    return { status: pending.length ? "unavailable" : "ok", provider, database: "up", migrations: { current: pending.length === 0, pending } };
  } catch {
    return down;
  }
}
