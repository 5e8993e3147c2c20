import type { WordDiff } from "@tandem/conflict";

/** One side of a word diff as text plus the ranges of it to highlight. */
export interface MarkedText {
  readonly text: string;
  readonly marks: readonly { readonly from: number; readonly to: number }[];
}

/**
 * Side `from` is the equal and removed runs with the removed ones marked; side `to` is the
 * equal and added runs with the added ones marked.
 */
export function wordMarks(diff: WordDiff, side: "from" | "to"): MarkedText {
  const own = side === "from" ? "removed" : "added";
  let text = "";
  const marks: { from: number; to: number }[] = [];
  for (const change of diff.changes) {
    if (change.change !== "equal" && change.change !== own) continue;
    if (change.change === own && change.text !== "") marks.push({ from: text.length, to: text.length + change.text.length });
    text += change.text;
  }
  return { text, marks };
}
