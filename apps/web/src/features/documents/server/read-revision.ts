import type { RevisionRow } from "@tandem/db";
import { AppError } from "../../../platform/errors.ts";
import { documents } from "./documents.ts";
import { notFound } from "./document-errors.ts";

/** One revision; a 404 says whether the document or only this version is missing. */
export async function readRevision(id: string, version: number): Promise<RevisionRow> {
  const repo = documents();
  const revision = await repo.findRevision(id, version);
  if (revision) return revision;
  if (await repo.findMeta(id)) throw new AppError("not-found", `Document "${id}" has no version ${version}.`);
  throw notFound(id);
}
