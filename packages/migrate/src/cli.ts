#!/usr/bin/env node
// tandem-migrate [--url URL] [--dir prisma/migrations]: applies pending migrations.
import path from "node:path";
import { parseArgs } from "node:util";
import { migrate, redact } from "./index.ts";

try {
  const { values } = parseArgs({
    options: { url: { type: "string" }, dir: { type: "string" } },
  });
  const url = values.url ?? process.env.DATABASE_URL ?? "file:./data/tandem.db";
  const migrationsRoot = path.resolve(values.dir ?? "prisma/migrations");
  const result = await migrate({ url, migrationsRoot });
  console.log(
    `${redact(url)}: applied ${result.applied.length} migration(s)${result.applied.length ? ` (${result.applied.join(", ")})` : ""}, ${result.alreadyApplied.length} already applied`,
  );
  if (result.unknown.length) console.warn(`warning: the database has migrations this build does not know: ${result.unknown.join(", ")}`);
} catch (error) {
  console.error(`tandem-migrate: ${(error as Error).message}`);
  process.exit(1);
}
