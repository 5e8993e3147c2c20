// Generates the next migration of each provider with Prisma (never by hand):
//   pnpm db:migration:new <name>   diff the last migration's schema snapshot → models.prisma
//   pnpm db:migration:new --check  exit 1 when models.prisma has changes no migration holds
// Each migration folder keeps migration.sql (what @tandem/migrate applies) and schema.prisma
// (the snapshot the next diff starts from), so no shadow database is needed.
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { prisma, PROVIDERS, ROOT, schemaPath, writeSchemas } from "./schemas.mjs";

const MIGRATIONS = path.join(ROOT, "prisma", "migrations");

function lastMigration(provider) {
  const dir = path.join(MIGRATIONS, provider);
  if (!existsSync(dir)) return null;
  const names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const last = names.at(-1);
  return last ? path.join(dir, last) : null;
}

function diffSql(provider) {
  const last = lastMigration(provider);
  const from = last ? ["--from-schema-datamodel", path.join(last, "schema.prisma")] : ["--from-empty"];
  const r = prisma(provider, ["migrate", "diff", ...from, "--to-schema-datamodel", schemaPath(provider), "--script"]);
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`prisma migrate diff failed for ${provider}`);
  }
  return r.stdout;
}

/** True when the script holds at least one statement (Prisma prints only comments otherwise). */
function hasStatements(sql) {
  return sql.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"));
}

function timestamp() {
  return new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

const args = process.argv.slice(2);
const check = args.includes("--check");
const name = args.find((a) => !a.startsWith("--"));
if (!check && !/^[a-z0-9_]{1,60}$/.test(name ?? "")) {
  console.error("usage: pnpm db:migration:new <snake_case_name> | --check");
  process.exit(2);
}

writeSchemas();
// One name for the migration of every provider, so their folders line up.
const folder = `${timestamp()}_${name}`;
let pending = 0;
for (const provider of PROVIDERS) {
  const sql = diffSql(provider);
  if (!hasStatements(sql)) {
    console.log(`${provider}: migrations are up to date with prisma/models.prisma`);
    continue;
  }
  pending++;
  if (check) {
    console.error(`${provider}: prisma/models.prisma has changes that no migration holds:\n${sql}`);
    continue;
  }
  const dir = path.join(MIGRATIONS, provider, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  copyFileSync(schemaPath(provider), path.join(dir, "schema.prisma"));
  console.log(`${provider}: wrote ${path.relative(ROOT, dir)}`);
}
if (check && pending > 0) process.exit(1);
