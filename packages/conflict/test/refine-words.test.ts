import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffWords, merge3, refineConflict, type ConflictChunk, type WordDiff } from "../src/index.ts";

const sides = (diff: WordDiff): { from: string; to: string } => ({
  from: diff.changes.filter((c) => c.change !== "added").map((c) => c.text).join(""),
  to: diff.changes.filter((c) => c.change !== "removed").map((c) => c.text).join(""),
});

describe("diffWords(from, to)", () => {
  it("marks the words that differ and keeps the rest equal", () => {
    expect(diffWords("the quick brown fox", "the slow brown fox")).toEqual({
      changes: [
        { text: "the ", change: "equal" },
        { text: "quick", change: "removed" },
        { text: "slow", change: "added" },
        { text: " brown fox", change: "equal" },
      ],
      refined: true,
    });
  });

  it("treats whitespace and newlines as tokens of their own", () => {
    expect(diffWords("a  b\n", "a b\n").changes).toEqual([
      { text: "a", change: "equal" },
      { text: "  ", change: "removed" },
      { text: " ", change: "added" },
      { text: "b\n", change: "equal" },
    ]);
  });

  it("loses no character: its runs rebuild both texts", () => {
    const words = fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", ",", "é") });
    fc.assert(
      fc.property(words, words, (from, to) => {
        const diff = diffWords(from, to);
        expect(diff.refined).toBe(true);
        expect(sides(diff)).toEqual({ from, to });
      }),
    );
  });

  it("falls back to whole removal and insertion, flagged, past its limits", () => {
    const from = Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ");
    const to = Array.from({ length: 300 }, (_, i) => `v${i}`).join(" ");
    const bounded = diffWords(from, to, { maxEditLength: 50 });
    expect(bounded).toEqual({ changes: [{ text: from, change: "removed" }, { text: to, change: "added" }], refined: false });
    expect(diffWords("abc", "abd", { maxLength: 2 }).refined).toBe(false);
    expect(diffWords("", "new", { maxLength: 2 })).toEqual({ changes: [{ text: "new", change: "added" }], refined: false });
  });
});

describe("refineConflict(conflict)", () => {
  it("compares mine with theirs and each with base, word by word", () => {
    const result = merge3("a\nThe cat sat.\nz\n", "a\nThe black cat sat.\nz\n", "a\nThe cat sat down.\nz\n");
    const conflict = result.chunks.find((c): c is ConflictChunk => c.kind === "conflict") as ConflictChunk;
    const refined = refineConflict(conflict);
    expect(refined.baseVsMine.changes.filter((c) => c.change !== "equal")).toEqual([{ text: "black ", change: "added" }]);
    expect(refined.baseVsTheirs.changes.filter((c) => c.change !== "equal")).toEqual([{ text: " down", change: "added" }]);
    expect(sides(refined.mineVsTheirs)).toEqual({ from: "The black cat sat.\n", to: "The cat sat down.\n" });
  });
});
