import type { DocumentsRepository } from "@tandem/db";
import { database } from "../../../platform/database.ts";

/** The documents repository of the process's database. */
export function documents(): DocumentsRepository {
  return database().documents;
}
