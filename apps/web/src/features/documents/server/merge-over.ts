// The server-side three-way merge of a stale write (Prefer: merge): base = the revision the
// writer started from, mine = what it sends, theirs = the current state. Title and content
// merge separately with the same engine the browser uses. Pure: no I/O.
import { merge3, resolveConflicts, type ConflictChunk } from "@tandem/conflict";

export interface Side {
  title: string;
  content: string;
}

export type MergeOutcome = { clean: true; merged: Side } | { clean: false; conflicts: { title: ConflictChunk[]; content: ConflictChunk[] } };

const conflictsOf = (result: ReturnType<typeof merge3>) => result.chunks.filter((c): c is ConflictChunk => c.kind === "conflict");

export function mergeOver(base: Side, mine: Side, theirs: Side): MergeOutcome {
  const title = merge3(base.title, mine.title, theirs.title);
  const content = merge3(base.content, mine.content, theirs.content);
  if (title.clean && content.clean) return { clean: true, merged: { title: resolveConflicts(title), content: resolveConflicts(content) } };
  return { clean: false, conflicts: { title: conflictsOf(title), content: conflictsOf(content) } };
}
