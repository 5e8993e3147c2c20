import { AppError } from "../../../platform/errors.ts";
import { recordAudit } from "../../audit/server/record-audit.ts";
import { documents } from "./documents.ts";
import { notFound } from "./document-errors.ts";
import type { Author } from "./stamp.ts";

/**
 * Erases a deleted document for good: revisions, members, tombstone. The audit trail keeps
 * that it happened (who, when, the last version), never the text. A live document is refused:
 * delete it first, so a purge can never be the first step of losing an edit.
 */
export async function purgeDocument(id: string, by: Author, seesDocument: boolean, dryRun = false): Promise<void> {
  const repo = documents({ dryRun });
  const meta = await repo.findMeta(id);
  if (!meta) throw notFound(id);
  if (!meta.deletedAt) {
    // An admin with no role learns only that it cannot be purged yet, not what it holds.
    throw new AppError("conflict", seesDocument ? "Only a deleted document can be purged: delete it first." : "This document is not deleted; only a deleted document can be purged.");
  }
  if (!(await repo.purge(id))) throw notFound(id);
  // A dry run happened to nobody: nothing for the trail.
  if (dryRun) return;
  await recordAudit({ type: "document-purged", actor: by, documentId: id, detail: { version: meta.version } });
}
