import { BudgetExceeded, WorkBudget } from "./budget.ts";
import { diffPrepared, prepareTexts } from "./diff-lines.ts";
import { lineCount } from "./intern-lines.ts";
import type { MergeFallback, MergeOptions } from "./types.ts";

/** Lines [beforeStart, beforeEnd) of the first text became lines [afterStart, afterEnd) of the second (0-based). */
export interface LineChange {
  readonly beforeStart: number;
  readonly beforeEnd: number;
  readonly afterStart: number;
  readonly afterEnd: number;
}

export interface TextDiff {
  /** Lines of each text, as `splitLines` counts them (a final line without "\n" counts). */
  readonly beforeLines: number;
  readonly afterLines: number;
  /**
   * The changes in order, each separated from the next by at least one
   * unchanged line. On a fallback, one change spanning both whole texts.
   */
  readonly changes: readonly LineChange[];
  /**
   * Non-null when the texts were too large or too different to compare line
   * by line within the budget: show both versions whole instead.
   */
  readonly fallback: MergeFallback | null;
}

/**
 * The line diff of `before` → `after` with the merge's diff (git's, see
 * `merge3`) and its work budget, so that two huge or unrelated versions
 * cannot stall the caller: past the budget the answer is "everything
 * changed", flagged as a fallback, instead of a diff.
 */
export function diffTexts(before: string, after: string, options: MergeOptions = {}): TextDiff {
  const budget = new WorkBudget(options.budget);
  const { texts, prepared } = prepareTexts(before, [after]);
  const [beforeText, afterText] = texts;
  const [beforeIds, afterIds] = prepared;
  if (!beforeText || !afterText || !beforeIds || !afterIds) throw new Error("diffTexts internal error: expected two texts");
  const beforeLines = lineCount(beforeText);
  const afterLines = lineCount(afterText);
  try {
    const hunks = diffPrepared(beforeIds, afterIds, budget);
    const changes = hunks.map((h) => ({ beforeStart: h.aStart, beforeEnd: h.aEnd, afterStart: h.bStart, afterEnd: h.bEnd }));
    return { beforeLines, afterLines, changes, fallback: null };
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return {
      beforeLines,
      afterLines,
      changes: [{ beforeStart: 0, beforeEnd: beforeLines, afterStart: 0, afterEnd: afterLines }],
      fallback: { reason: error.reason, steps: budget.steps },
    };
  }
}
