import { describe, expect, it } from "vitest";
import { changeAt, presentDiff, type ChangedLines } from "@/features/documents/components/history/diff-presentation.ts";

const added = (from: number, to: number): ChangedLines => ({ kind: "added", from, to });
const removed = (from: number, to: number): ChangedLines => ({ kind: "removed", from, to });

describe("presentDiff: what a history diff shows", () => {
  // Lines are shown without their breaks (a text's final line break opens no extra line).
  it.each<[string, string, string, string, ChangedLines[], number]>([
    ["one line replaced", "a\nb\nc\n", "a\nB\nc\n", "a\nb\nB\nc", [removed(2, 3), added(3, 4)], 1],
    ["a line added at the end", "a\n", "a\nb\n", "a\nb", [added(2, 3)], 1],
    ["a line removed at the start", "a\nb\n", "b\n", "a\nb", [removed(1, 2)], 1],
    ["everything written from nothing", "", "# Title\ntext", "# Title\ntext", [added(1, 3)], 1],
    ["two changes, context between kept once", "x\n1\n2\ny\n", "X\n1\n2\nY\n", "x\nX\n1\n2\ny\nY", [removed(1, 2), added(2, 3), removed(5, 6), added(6, 7)], 2],
    ["Windows line breaks shown as lines", "a\r\nb\r\n", "a\r\nc\r\n", "a\nb\nc", [removed(2, 3), added(3, 4)], 1],
    ["a final line break added: the line shows twice", "a", "a\n", "a\na", [removed(1, 2), added(2, 3)], 1],
  ])("%s", (_name, before, after, text, changed, changes) => {
    expect(presentDiff(before, after)).toEqual({ kind: "lines", text, changed, changes });
  });

  it("says the versions are the same when they are", () => {
    expect(presentDiff("a\nb\n", "a\nb\n")).toEqual({ kind: "same" });
  });

  it("shows both versions whole past the budget, saying why", () => {
    const before = Array.from({ length: 300 }, (_, i) => `${i}\n`).join("");
    const after = Array.from({ length: 300 }, (_, i) => `${299 - i}\n`).join("");
    expect(presentDiff(before, after, { maxCost: 1000 })).toEqual({ kind: "whole", before, after, fallback: { reason: "cost", steps: expect.any(Number) } });
    expect(presentDiff(before, after, { maxCost: 1_000_000 }).kind).toBe("lines");
  });

  it("bounds two 200k-line versions in opposite orders with the default budget", () => {
    const before = Array.from({ length: 200_000 }, (_, i) => `${i}\n`).join("");
    const after = Array.from({ length: 200_000 }, (_, i) => `${199_999 - i}\n`).join("");
    const shown = presentDiff(before, after);
    expect(shown.kind).toBe("whole");
  }, 60_000);
});

describe("changeAt: the change under a line", () => {
  const changed = [removed(2, 4), added(4, 5), added(9, 10)];
  it.each<[number, ChangedLines | null]>([
    [1, null],
    [2, removed(2, 4)],
    [3, removed(2, 4)],
    [4, added(4, 5)],
    [5, null],
    [9, added(9, 10)],
    [10, null],
  ])("line %i", (line, expected) => {
    expect(changeAt(changed, line)).toEqual(expected);
  });
  it("no changes, no change", () => expect(changeAt([], 1)).toBeNull());
});
