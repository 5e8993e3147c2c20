import { migrate, redact } from "@tandem/migrate";
import { env } from "./env";

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
    console.error(`[tandem] startup failed: ${(error as Error).message}`);
    process.exit(1);
  }
}

async function applyMigrations(): Promise<void> {
  const config = env();
  if (!config.MIGRATE_ON_START) return;
  const result = await migrate({ url: config.DATABASE_URL, migrationsRoot: config.migrationsDir });
  if (result.applied.length) {
    console.log(`[tandem] ${redact(config.DATABASE_URL)}: applied migrations ${result.applied.join(", ")}`);
  }
  if (result.unknown.length) {
    console.warn(`[tandem] the database has migrations this build does not know: ${result.unknown.join(", ")}`);
  }
}
