import { diffWordsWithSpace } from "diff";
import type { ConflictChunk } from "./types.ts";

/** A run of text in a word diff: in both texts, only in the first (`removed`) or only in the second (`added`). */
export interface WordChange {
  readonly text: string;
  readonly change: "equal" | "removed" | "added";
}

export interface WordDiff {
  readonly changes: readonly WordChange[];
  /**
   * False when the texts were too long or too different to compare word by
   * word within the limits: `changes` is then the whole first text removed
   * and the whole second added, which a UI can still show, just not finely.
   */
  readonly refined: boolean;
}

export interface RefineOptions {
  /** Most words, spaces and punctuation marks inserted plus deleted; default 1000. */
  readonly maxEditLength?: number;
  /** Longest text (in UTF-16 units, each side) refined at all; default 100 000. */
  readonly maxLength?: number;
}

/** Word-level highlights for a conflict, for display. */
export interface RefinedConflict {
  /** `removed` = only in mine, `added` = only in theirs. */
  readonly mineVsTheirs: WordDiff;
  /** `removed` = base text mine dropped, `added` = what mine wrote. */
  readonly baseVsMine: WordDiff;
  readonly baseVsTheirs: WordDiff;
}

/**
 * Which words differ between two texts, keeping every character: joining the
 * `equal` and `removed` runs gives `from`, joining `equal` and `added` gives `to`.
 * Built on jsdiff's `diffWordsWithSpace` (words, runs of spaces, newlines and
 * punctuation are the tokens), with its edit-length bound so that a large,
 * very different conflict cannot stall the UI.
 */
export function diffWords(from: string, to: string, options: RefineOptions = {}): WordDiff {
  const maxLength = options.maxLength ?? 100_000;
  const maxEditLength = options.maxEditLength ?? 1000;
  if (from.length <= maxLength && to.length <= maxLength) {
    const changes = diffWordsWithSpace(from, to, { maxEditLength });
    if (changes !== undefined) {
      return {
        changes: changes.map((c) => ({ text: c.value, change: c.added ? "added" : c.removed ? "removed" : "equal" })),
        refined: true,
      };
    }
  }
  const changes: WordChange[] = [];
  if (from !== "") changes.push({ text: from, change: "removed" });
  if (to !== "") changes.push({ text: to, change: "added" });
  return { changes, refined: false };
}

/** Word-level differences between the sections of a conflict. */
export function refineConflict(conflict: ConflictChunk, options: RefineOptions = {}): RefinedConflict {
  const base = conflict.base.join("");
  const mine = conflict.mine.join("");
  const theirs = conflict.theirs.join("");
  return {
    mineVsTheirs: diffWords(mine, theirs, options),
    baseVsMine: diffWords(base, mine, options),
    baseVsTheirs: diffWords(base, theirs, options),
  };
}
