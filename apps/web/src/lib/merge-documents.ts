import { merge3, resolveConflicts, type MergeResult, type Resolutions } from "@tandem/conflict";

import type { Side } from "./side";

export type { Side } from "./side";

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
    merged: clean ? { title: resolveConflicts(title), content: resolveConflicts(content) } : null,
    conflicts: title.counts.conflicts + content.counts.conflicts,
  };
}

/** Applies per-conflict choices to both fields; throws if any conflict is left unresolved. */
export function applyResolutions(merge: DocumentMerge, titleChoices: Resolutions, contentChoices: Resolutions): Side {
  return { title: resolveConflicts(merge.title, titleChoices), content: resolveConflicts(merge.content, contentChoices) };
}
