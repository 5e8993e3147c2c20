import type { LineTerminator } from "./split-lines.ts";
import type { BudgetReason, MergeBudget } from "./budget.ts";

/**
 * Text every side agrees on, in output order: one or more whole lines, with
 * their line breaks. `source` says where it comes from: unchanged `base`
 * text, a change made only in `mine` or only in `theirs`, or a change made
 * identically on `both` sides.
 */
export interface StableChunk {
  readonly kind: "stable";
  readonly source: "base" | "mine" | "theirs" | "both";
  readonly text: string;
}

/**
 * A place where mine and theirs changed the same (or adjacent) base lines
 * differently. Lines keep their terminators.
 */
export interface ConflictChunk {
  readonly kind: "conflict";
  /**
   * Derived from the conflict's content (plus an occurrence number for
   * repeats), so it stays the same when the merge is recomputed after
   * unrelated edits: keep per-conflict choices keyed by it.
   */
  readonly id: string;
  readonly base: readonly string[];
  readonly mine: readonly string[];
  readonly theirs: readonly string[];
  /** 0-based index of the first line of each section in its input text. */
  readonly baseStart: number;
  readonly mineStart: number;
  readonly theirsStart: number;
  /**
   * Terminator used for markers and separators here, by git's rule: CRLF
   * when the text around the conflict and base's first line end in CRLF.
   */
  readonly eol: LineTerminator;
}

export type MergeChunk = StableChunk | ConflictChunk;

/** What the merge did, counted in changes (runs of changed lines, as in a diff). */
export interface MergeCounts {
  /** Conflict chunks in the result. */
  readonly conflicts: number;
  /** Changes made by one side only, taken as they are. */
  readonly fromMine: number;
  readonly fromTheirs: number;
  /** Places where both sides made the same change, taken once. */
  readonly fromBoth: number;
}

/** Why a merge gave up on line-by-line merging; see {@link MergeResult.fallback}. */
export interface MergeFallback {
  readonly reason: BudgetReason;
  /** Diff steps spent before giving up. */
  readonly steps: number;
}

export interface MergeResult {
  /** The merged document in order: stable text and conflicts. */
  readonly chunks: readonly MergeChunk[];
  /** True when there is no conflict; the merged text is then `resolveConflicts(result)`. */
  readonly clean: boolean;
  readonly counts: MergeCounts;
  /**
   * Non-null when the inputs were too large or too different to merge within
   * the budget: the result is then one conflict spanning the whole of base,
   * mine and theirs, so nothing is lost and nothing is guessed.
   */
  readonly fallback: MergeFallback | null;
}

export interface MergeOptions {
  /** Bounds the work; see {@link MergeBudget}. */
  readonly budget?: MergeBudget;
  /**
   * The conflict style the result will be shown in, as git's
   * `merge.conflictStyle`: "merge" (default) trims and splits conflicts down
   * to the lines mine and theirs disagree on and joins near ones; "diff3"
   * keeps each conflict's whole region, so that its base section is the
   * base text the two sides replaced. Render with the same style.
   */
  readonly style?: "merge" | "diff3";
}
