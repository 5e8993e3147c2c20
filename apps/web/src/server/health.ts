import { pendingMigrations } from "@tandem/migrate";
import { db } from "./db/client";
import { env } from "./env";

export interface Health {
  status: "ok" | "unavailable";
  provider: "sqlite" | "postgresql";
  database: "up" | "down";
  migrations: { current: boolean; pending: string[] } | null;
}

/** Database reachable and every migration of this build applied. */
export async function checkHealth(): Promise<Health> {
  const { provider, DATABASE_URL, migrationsDir } = env();
  try {
    await db().$queryRaw`SELECT 1`;
  } catch {
    return { status: "unavailable", provider, database: "down", migrations: null };
  }
  try {
    const pending = await pendingMigrations({ url: DATABASE_URL, migrationsRoot: migrationsDir });
    return { status: pending.length ? "unavailable" : "ok", provider, database: "up", migrations: { current: pending.length === 0, pending } };
  } catch {
    return { status: "unavailable", provider, database: "down", migrations: null };
  }
}
