import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Provider } from "./provider.ts";

export interface MigrationFile {
  /** Folder name: `<timestamp>_<name>`; the sort order is the apply order. */
  name: string;
  sql: string;
  /** sha256 of migration.sql, so an edited, already-applied migration is caught. */
  checksum: string;
}

export function readMigrations(root: string, provider: Provider): MigrationFile[] {
  const dir = path.join(root, provider);
  if (!existsSync(dir)) throw new Error(`no migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}
