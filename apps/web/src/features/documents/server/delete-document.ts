import { compareAndSet, type WriteGuard, type WriteResult, type Writer } from "./compare-and-set.ts";
import { documents } from "./documents.ts";

/** DELETE: a tombstone with its own version and revision; the history stays readable. */
export function deleteDocument(id: string, guard: WriteGuard, writer: Writer): Promise<WriteResult> {
  return compareAndSet(documents({ dryRun: writer.dryRun }), id, { ...guard, mayCreate: false }, { change: (now) => ({ deletedAt: now }), kind: "delete" }, writer);
}
