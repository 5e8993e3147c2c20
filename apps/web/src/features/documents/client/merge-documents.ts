import { merge3, resolveConflicts, type MergeResult, type ResolveOptions } from "@tandem/conflict";
import { NO_CHOICES, type DocumentChoices } from "./choices.ts";
import type { Side } from "./side.ts";

export interface DocumentMerge {
  title: MergeResult;
  content: MergeResult;
  /** Both fields merged without a conflict. */
  clean: boolean;
  /** The merged document when clean. */
  merged: Side | null;
  conflicts: number;
}

/** Three-way merge of title and content with the same engine (the title is a one-line text). */
export function mergeDocuments(base: Side, mine: Side, theirs: Side): DocumentMerge {
  const title = merge3(base.title, mine.title, theirs.title);
  const content = merge3(base.content, mine.content, theirs.content);
  const clean = title.clean && content.clean;
  return {
    title,
    content,
    clean,
    merged: clean ? resolveDocument({ title, content }, NO_CHOICES) : null,
    conflicts: title.counts.conflicts + content.counts.conflicts,
  };
}

/**
 * Both fields with the choices applied. By default an unresolved conflict throws (no edit is
 * dropped silently); the dialog's preview asks for conflict markers instead.
 */
export function resolveDocument(merge: Pick<DocumentMerge, "title" | "content">, choices: DocumentChoices, options: ResolveOptions = {}): Side {
  return { title: resolveConflicts(merge.title, choices.title, options), content: resolveConflicts(merge.content, choices.content, options) };
}
