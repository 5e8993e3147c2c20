import { migrate, redact } from "@tandem/migrate";
import { env } from "./env";
import { logger } from "./observability/logger";

/**
 * Runs when Next starts (instrumentation.ts). The production server (server/main.ts) has
 * already migrated before opening its port; this covers `next dev` and plain `next start`.
 */
export async function onServerStart(): Promise<void> {
  if ((globalThis as { tandemMigrationsApplied?: boolean }).tandemMigrationsApplied) return;
  try {
    await applyMigrations();
  } catch (error) {
    // Serving against a schema this build does not expect would fail request by request.
    logger().fatal({ err: error }, `startup failed: ${(error as Error).message}`);
    process.exit(1);
  }
}

async function applyMigrations(): Promise<void> {
  const config = env();
  if (!config.MIGRATE_ON_START) return;
  const result = await migrate({ url: config.DATABASE_URL, migrationsRoot: config.migrationsDir });
  if (result.applied.length) {
    logger(config.LOG_LEVEL).info({ database: redact(config.DATABASE_URL), applied: result.applied }, `applied migrations ${result.applied.join(", ")}`);
  }
  if (result.unknown.length) {
    logger(config.LOG_LEVEL).warn({ unknown: result.unknown }, `the database has migrations this build does not know: ${result.unknown.join(", ")}`);
  }
}
