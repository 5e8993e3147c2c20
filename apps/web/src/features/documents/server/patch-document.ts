import { compareAndSet, type WriteGuard, type WriteResult, type Writer } from "./compare-and-set.ts";
import { documents } from "./documents.ts";
import type { DocumentPatch } from "./document-input.ts";

/** PATCH (RFC 7396): only the members present change; the others are never sent to the database. */
export function patchDocument(id: string, { summary, ...patch }: DocumentPatch, guard: WriteGuard, writer: Writer): Promise<WriteResult> {
  return compareAndSet(documents({ dryRun: writer.dryRun }), id, { ...guard, mayCreate: false }, { change: () => patch, kind: "update", mine: (base) => ({ title: patch.title ?? base.title, content: patch.content ?? base.content }), summary }, writer);
}
