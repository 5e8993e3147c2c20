import type { DocumentsRepository } from "@tandem/db";
import { database } from "../../../platform/database.ts";
import { dryRunRepository } from "./dry-run-repository.ts";

/** The documents repository of the process's database; for a dry run, one that only decides. */
export function documents(options: { dryRun?: boolean } = {}): DocumentsRepository {
  return options.dryRun ? dryRunRepository(database().documents) : database().documents;
}
