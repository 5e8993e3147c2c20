import { migrate, redact } from "@tandem/migrate";
import { env } from "./env.ts";
import { logger } from "./observability/logger.ts";

let migrated: Promise<void> | undefined;

/**
 * Applies pending migrations (when MIGRATE_ON_START), once per process: the one place that
 * does. The production server awaits it before opening its port, so no request ever meets an
 * old schema; under `next dev` the API route awaits it before its first request. Instances
 * starting together serialise on the migrator's lock.
 */
export function migrateOnStart(): Promise<void> {
  migrated ??= run();
  return migrated;
}

async function run(): Promise<void> {
  const config = env();
  if (!config.MIGRATE_ON_START) return;
  const result = await migrate({ url: config.DATABASE_URL, migrationsRoot: config.migrationsDir });
  const database = redact(config.DATABASE_URL);
  if (result.applied.length) logger().info({ database, applied: result.applied }, `applied migrations ${result.applied.join(", ")}`);
  if (result.unknown.length) logger().warn({ database, unknown: result.unknown }, `the database has migrations this build does not know: ${result.unknown.join(", ")}`);
}
