import type { DocumentRow } from "@tandem/db";
import { applyHunks, type Hunk } from "../diff-patch/unified-diff.ts";
import { compareAndSet, type WriteGuard, type WriteResult, type Writer } from "./compare-and-set.ts";
import { documentMergePatch, parseInput } from "./document-input.ts";
import { notFound, patchDoesNotApply, preconditionFailed } from "./document-errors.ts";
import { documents } from "./documents.ts";
import { versionOfEtag } from "./stamp.ts";
import { AppError } from "../../../platform/errors.ts";

/** The version a diff was made against: the current one, or (Prefer: merge) an older revision. */
async function baseOf(id: string, guard: WriteGuard & { expectedEtag: string }, dryRun: boolean): Promise<Pick<DocumentRow, "title" | "content" | "version">> {
  const repo = documents({ dryRun });
  const current = await repo.findRow(id);
  if (!current) throw notFound(id);
  if (!current.deletedAt && current.etag === guard.expectedEtag) return current;
  const version = versionOfEtag(guard.expectedEtag);
  // Stale without Prefer: merge is the usual 412 (with the current state); so is an unknown base.
  const revision = guard.merge && !current.deletedAt && version !== null ? await repo.findRevision(id, version) : null;
  if (!revision || revision.etag !== guard.expectedEtag) throw preconditionFailed(id, current);
  return revision;
}

/**
 * PATCH with a unified diff of the content against the If-Match version. Its hunks apply
 * exactly or not at all (409 naming the hunk); the title stays. When that version is stale and
 * the writer prefers a merge, the diff applies to it and the result merges over what came since.
 */
export async function patchDocumentWithDiff(id: string, hunks: readonly Hunk[], guard: WriteGuard & { expectedEtag: string }, writer: Writer, maxContentBytes: number): Promise<WriteResult> {
  const base = await baseOf(id, guard, writer.dryRun ?? false);
  const applied = applyHunks(base.content, hunks);
  if (!applied.ok) throw patchDoesNotApply(id, base.version, applied);
  if (Buffer.byteLength(applied.content, "utf8") > maxContentBytes) {
    throw new AppError("payload-too-large", `The patched content would exceed the limit of ${maxContentBytes} bytes.`, { limit: maxContentBytes });
  }
  const { content } = parseInput(documentMergePatch, { content: applied.content });
  const mine = { title: base.title, content: content! };
  return compareAndSet(documents({ dryRun: writer.dryRun }), id, { ...guard, mayCreate: false }, { change: () => ({ content: mine.content }), kind: "update", mine: () => mine }, writer);
}
