import { diffWords, type WordDiff } from "@tandem/conflict";
import { describe, expect, it } from "vitest";
import { wordMarks, type MarkedText } from "@/features/documents/components/merge-dialog/word-marks.ts";

const diff = (...changes: [string, "equal" | "removed" | "added"][]): WordDiff => ({ changes: changes.map(([text, change]) => ({ text, change })), refined: true });

describe("wordMarks: one side of a conflict's word diff", () => {
  it.each<[string, WordDiff, "from" | "to", MarkedText]>([
    ["mine: the words only mine has", diff(["alpha by ", "equal"], ["Bo", "removed"], ["Ann", "added"], ["\n", "equal"]), "from", { text: "alpha by Bo\n", marks: [{ from: 9, to: 11 }] }],
    ["theirs: the words only theirs has", diff(["alpha by ", "equal"], ["Bo", "removed"], ["Ann", "added"], ["\n", "equal"]), "to", { text: "alpha by Ann\n", marks: [{ from: 9, to: 12 }] }],
    ["nothing in common", diff(["a\n", "removed"], ["b\n", "added"]), "from", { text: "a\n", marks: [{ from: 0, to: 2 }] }],
    ["a side that deleted everything", diff(["gone\n", "removed"]), "to", { text: "", marks: [] }],
    ["equal texts", diff(["same\n", "equal"]), "from", { text: "same\n", marks: [] }],
  ])("%s", (_name, input, side, expected) => {
    expect(wordMarks(input, side)).toEqual(expected);
  });

  it("rebuilds both texts exactly from a real word diff", () => {
    const mine = "The quick brown fox\njumps\n";
    const theirs = "The slow brown dog\njumps high\n";
    const words = diffWords(mine, theirs);
    expect(wordMarks(words, "from").text).toBe(mine);
    expect(wordMarks(words, "to").text).toBe(theirs);
    expect(wordMarks(words, "from").marks.map(({ from, to }) => mine.slice(from, to))).toEqual(["quick", "fox"]);
  });
});
