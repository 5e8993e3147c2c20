import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_COST, diffTexts, type LineChange } from "../src/index.ts";

const change = (beforeStart: number, beforeEnd: number, afterStart: number, afterEnd: number): LineChange => ({ beforeStart, beforeEnd, afterStart, afterEnd });

describe("diffTexts (bounded two-way line diff)", () => {
  it.each<[string, string, string, number, number, LineChange[]]>([
    ["identical", "a\nb\n", "a\nb\n", 2, 2, []],
    ["both empty", "", "", 0, 0, []],
    ["everything added", "", "a\nb\n", 0, 2, [change(0, 0, 0, 2)]],
    ["everything removed", "a\nb\n", "", 2, 0, [change(0, 2, 0, 0)]],
    ["one line replaced", "a\nb\nc\n", "a\nB\nc\n", 3, 3, [change(1, 2, 1, 2)]],
    ["a line inserted", "a\nc\n", "a\nb\nc\n", 2, 3, [change(1, 1, 1, 2)]],
    ["a line deleted", "a\nb\nc\n", "a\nc\n", 3, 2, [change(1, 2, 1, 1)]],
    ["two separate changes", "a\nb\nc\nd\ne\n", "A\nb\nc\nd\nE\n", 5, 5, [change(0, 1, 0, 1), change(4, 5, 4, 5)]],
    ["a final newline added", "a\nb", "a\nb\n", 2, 2, [change(1, 2, 1, 2)]],
    ["CRLF against LF is a change", "a\r\n", "a\n", 1, 1, [change(0, 1, 0, 1)]],
    // As git puts it: the blank line deleted is the last of the run.
    ["ambiguous deletion slides down", "x\n\n\n\ny\n", "x\n\n\ny\n", 5, 4, [change(3, 4, 3, 3)]],
  ])("%s", (_name, before, after, beforeLines, afterLines, changes) => {
    expect(diffTexts(before, after)).toEqual({ beforeLines, afterLines, changes, fallback: null });
  });

  it("falls back to one change spanning both whole texts, flagged, past the step budget", () => {
    const before = Array.from({ length: 400 }, (_, i) => `line ${i}\n`).join("");
    const after = Array.from({ length: 400 }, (_, i) => `line ${399 - i}\n`).join("");
    const diff = diffTexts(before, after, { budget: { maxCost: 10_000 } });
    expect(diff.changes).toEqual([change(0, 400, 0, 400)]);
    expect(diff.fallback).toMatchObject({ reason: "cost" });
    expect(diff.fallback?.steps).toBeGreaterThan(10_000);
    // The same texts within the default budget: a real diff.
    expect(diffTexts(before, after).fallback).toBeNull();
  });

  it("falls back on the time limit too", () => {
    const diff = diffTexts("a\nb\n", "b\na\n", { budget: { timeoutMs: 0 } });
    expect(diff.fallback).toMatchObject({ reason: "time" });
  });

  it("stops within the default budget on two 200k-line versions in opposite orders", () => {
    const before = Array.from({ length: 200_000 }, (_, i) => `${i}\n`).join("");
    const after = Array.from({ length: 200_000 }, (_, i) => `${199_999 - i}\n`).join("");
    const diff = diffTexts(before, after);
    expect(diff.fallback).toMatchObject({ reason: "cost" });
    expect(diff.fallback?.steps).toBeLessThan(DEFAULT_MAX_COST * 1.01);
    expect(diff.changes).toEqual([change(0, 200_000, 0, 200_000)]);
  }, 60_000);

  it("diffs scattered edits to a 200k-line version line by line", () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `line ${i}\n`);
    const edited = lines.map((l, i) => (i % 50_000 === 7 ? `edited ${i}\n` : l));
    const diff = diffTexts(lines.join(""), edited.join(""));
    expect(diff.fallback).toBeNull();
    expect(diff.changes).toEqual([7, 50_007, 100_007, 150_007].map((i) => change(i, i + 1, i, i + 1)));
  }, 60_000);

  it("rejects a negative budget", () => {
    expect(() => diffTexts("a", "b", { budget: { maxCost: -1 } })).toThrow(RangeError);
  });
});
