import { diffTexts, splitLines, type MergeBudget, type MergeFallback } from "@tandem/conflict";

/** Lines [from, to) of the shown text (1-based, as CodeMirror numbers them) that one version has and the other not. */
export interface ChangedLines {
  readonly kind: "added" | "removed";
  readonly from: number;
  readonly to: number;
}

export type DiffPresentation =
  | { readonly kind: "same" }
  /** Both versions interleaved: unchanged lines once, removed lines before the lines that replaced them. */
  | { readonly kind: "lines"; readonly text: string; readonly changed: readonly ChangedLines[]; readonly changes: number }
  /** Too large or too different to compare within the budget: both versions, whole. */
  | { readonly kind: "whole"; readonly before: string; readonly after: string; readonly fallback: MergeFallback };

/**
 * The work a shown diff may take on the browser's main thread: about 50 ms of diffing on a
 * modest machine (scattered edits to a 200k-line document need under a million steps).
 * Splitting the texts into lines comes on top, linear in their size, which the request body
 * limit bounds. Steps, not a clock: a busy machine shows the same diff as an idle one (a clock
 * started before the split fell back on scattered edits when the machine was loaded).
 */
export const VIEW_DIFF_BUDGET: MergeBudget = { maxCost: 4_000_000 };

/** How to show the change from `before` to `after`: a line diff within the budget, else both whole. */
export function presentDiff(before: string, after: string, budget: MergeBudget = VIEW_DIFF_BUDGET): DiffPresentation {
  const diff = diffTexts(before, after, { budget });
  if (diff.fallback) return { kind: "whole", before, after, fallback: diff.fallback };
  if (diff.changes.length === 0) return { kind: "same" };
  const beforeLines = splitLines(before);
  const afterLines = splitLines(after);
  const shown: string[] = [];
  const changed: ChangedLines[] = [];
  const copy = (kind: ChangedLines["kind"] | null, lines: readonly string[], from: number, to: number) => {
    if (from >= to) return;
    if (kind) changed.push({ kind, from: shown.length + 1, to: shown.length + 1 + (to - from) });
    for (let i = from; i < to; i++) shown.push(withoutBreak(lines[i] as string));
  };
  let done = 0;
  for (const change of diff.changes) {
    copy(null, beforeLines, done, change.beforeStart);
    copy("removed", beforeLines, change.beforeStart, change.beforeEnd);
    copy("added", afterLines, change.afterStart, change.afterEnd);
    done = change.beforeEnd;
  }
  copy(null, beforeLines, done, beforeLines.length);
  return { kind: "lines", text: shown.join("\n"), changed, changes: diff.changes.length };
}

function withoutBreak(line: string): string {
  return line.endsWith("\r\n") ? line.slice(0, -2) : line.endsWith("\n") ? line.slice(0, -1) : line;
}

/** The change covering 1-based line `line` of the shown text, if any (binary search: `changed` is in order). */
export function changeAt(changed: readonly ChangedLines[], line: number): ChangedLines | null {
  let lo = 0;
  let hi = changed.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = changed[mid] as ChangedLines;
    if (line < c.from) hi = mid;
    else if (line >= c.to) lo = mid + 1;
    else return c;
  }
  return null;
}
