import { compareAndSet, type WriteGuard, type WriteResult, type Writer } from "./compare-and-set.ts";
import { documents } from "./documents.ts";
import type { DocumentInput } from "./document-input.ts";

/** PUT: replace title and content; with If-None-Match: * create (or re-create) under this id. */
export function replaceDocument(id: string, { summary, ...input }: DocumentInput, guard: WriteGuard, writer: Writer): Promise<WriteResult> {
  return compareAndSet(documents({ dryRun: writer.dryRun }), id, guard, { change: () => input, kind: "update", create: input, mine: () => input, summary }, writer);
}
