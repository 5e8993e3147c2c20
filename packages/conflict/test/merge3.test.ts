import { afterAll, describe, expect, it } from "vitest";
import { merge3, renderConflictMarkers, resolveConflicts, type ConflictChunk, type MergeResult } from "../src/index.ts";
import { MergeOracles } from "./support/oracles.ts";

interface Row {
  readonly name: string;
  readonly base: string;
  readonly mine: string;
  readonly theirs: string;
  /** The merge written out with default markers (`<<<<<<< mine`, `=======`, `>>>>>>> theirs`). */
  readonly expected: string;
  readonly conflicts: number;
}

const rows: Row[] = [
  // Clean merges
  { name: "nothing changed", base: "a\nb\n", mine: "a\nb\n", theirs: "a\nb\n", expected: "a\nb\n", conflicts: 0 },
  { name: "only mine changed", base: "a\nb\nc\n", mine: "a\nB\nc\n", theirs: "a\nb\nc\n", expected: "a\nB\nc\n", conflicts: 0 },
  { name: "only theirs changed", base: "a\nb\nc\n", mine: "a\nb\nc\n", theirs: "a\nb\nC\n", expected: "a\nb\nC\n", conflicts: 0 },
  {
    name: "edits separated by one unchanged line",
    base: "a\nb\nc\nd\ne\n",
    mine: "a\nB\nc\nd\ne\n",
    theirs: "a\nb\nc\nD\ne\n",
    expected: "a\nB\nc\nD\ne\n",
    conflicts: 0,
  },
  {
    name: "insertions separated by one unchanged line",
    base: "a\nb\nc\n",
    mine: "a\nX\nb\nc\n",
    theirs: "a\nb\nY\nc\n",
    expected: "a\nX\nb\nY\nc\n",
    conflicts: 0,
  },
  {
    name: "identical changes on both sides",
    base: "a\nb\nc\n",
    mine: "a\nB\nB2\nc\n",
    theirs: "a\nB\nB2\nc\n",
    expected: "a\nB\nB2\nc\n",
    conflicts: 0,
  },
  {
    name: "identical insertion on both sides plus a separate edit",
    base: "a\nb\nc\nd\n",
    mine: "a\nX\nb\nc\nd\n",
    theirs: "a\nX\nb\nc\nD\n",
    expected: "a\nX\nb\nc\nD\n",
    conflicts: 0,
  },
  { name: "both delete the same line", base: "a\nb\nc\n", mine: "a\nc\n", theirs: "a\nc\n", expected: "a\nc\n", conflicts: 0 },
  {
    name: "one side deletes, the other edits elsewhere",
    base: "a\nb\nc\nd\n",
    mine: "b\nc\nd\n",
    theirs: "a\nb\nc\nD\n",
    expected: "b\nc\nD\n",
    conflicts: 0,
  },
  {
    name: "appends at the end and edits at the start",
    base: "a\nb\nc\n",
    mine: "A\nb\nc\n",
    theirs: "a\nb\nc\nd\n",
    expected: "A\nb\nc\nd\n",
    conflicts: 0,
  },

  // Conflicts
  {
    name: "the same line changed differently",
    base: "a\nb\nc\n",
    mine: "a\nB1\nc\n",
    theirs: "a\nB2\nc\n",
    expected: "a\n<<<<<<< mine\nB1\n=======\nB2\n>>>>>>> theirs\nc\n",
    conflicts: 1,
  },
  {
    name: "adjacent edits (no unchanged line between them)",
    base: "a\nb\nc\nd\n",
    mine: "a\nB\nc\nd\n",
    theirs: "a\nb\nC\nd\n",
    expected: "a\n<<<<<<< mine\nB\nc\n=======\nb\nC\n>>>>>>> theirs\nd\n",
    conflicts: 1,
  },
  {
    name: "different insertions at the same place",
    base: "a\nc\n",
    mine: "a\nX\nc\n",
    theirs: "a\nY\nc\n",
    expected: "a\n<<<<<<< mine\nX\n=======\nY\n>>>>>>> theirs\nc\n",
    conflicts: 1,
  },
  {
    name: "an insertion right after a line the other side changed",
    base: "a\nb\nc\n",
    mine: "a\nB\nc\n",
    theirs: "a\nb\nY\nc\n",
    expected: "a\n<<<<<<< mine\nB\n=======\nb\nY\n>>>>>>> theirs\nc\n",
    conflicts: 1,
  },
  {
    name: "delete against modify",
    base: "a\nb\nc\n",
    mine: "a\nc\n",
    theirs: "a\nB\nc\n",
    expected: "a\n<<<<<<< mine\n=======\nB\n>>>>>>> theirs\nc\n",
    conflicts: 1,
  },
  {
    name: "lines both sides added at the edges of a conflict stay out of it",
    base: "a\nb\nc\n",
    mine: "a\nX\nb1\nZ\nc\n",
    theirs: "a\nX\nb2\nZ\nc\n",
    expected: "a\nX\n<<<<<<< mine\nb1\n=======\nb2\n>>>>>>> theirs\nZ\nc\n",
    conflicts: 1,
  },
  {
    name: "two conflicts four unchanged lines apart stay apart",
    base: "a\nb\nc\nd\ne\nf\n",
    mine: "A1\nb\nc\nd\ne\nF1\n",
    theirs: "A2\nb\nc\nd\ne\nF2\n",
    expected: "<<<<<<< mine\nA1\n=======\nA2\n>>>>>>> theirs\nb\nc\nd\ne\n<<<<<<< mine\nF1\n=======\nF2\n>>>>>>> theirs\n",
    conflicts: 2,
  },
  {
    name: "two conflicts three unchanged lines apart are joined, lines between included",
    base: "a\nb\nc\nd\ne\n",
    mine: "A1\nb\nc\nd\nE1\n",
    theirs: "A2\nb\nc\nd\nE2\n",
    expected: "<<<<<<< mine\nA1\nb\nc\nd\nE1\n=======\nA2\nb\nc\nd\nE2\n>>>>>>> theirs\n",
    conflicts: 1,
  },
  {
    name: "two conflicts apart by lines without a letter or digit are joined, however many",
    base: "a\n\n-\n\n}\nf\n",
    mine: "A1\n\n-\n\n}\nF1\n",
    theirs: "A2\n\n-\n\n}\nF2\n",
    expected: "<<<<<<< mine\nA1\n\n-\n\n}\nF1\n=======\nA2\n\n-\n\n}\nF2\n>>>>>>> theirs\n",
    conflicts: 1,
  },
  {
    name: "a change of one side between two near conflicts keeps them apart",
    base: "a\nx\nb\ny\nc\n",
    mine: "A1\nx\nB\ny\nC1\n",
    theirs: "A2\nx\nb\ny\nC2\n",
    expected: "<<<<<<< mine\nA1\n=======\nA2\n>>>>>>> theirs\nx\nB\ny\n<<<<<<< mine\nC1\n=======\nC2\n>>>>>>> theirs\n",
    conflicts: 2,
  },
  {
    name: "the same change on both sides between two near conflicts is joined in",
    base: "a\nx\nb\ny\nc\n",
    mine: "A1\nx\nB\ny\nC1\n",
    theirs: "A2\nx\nB\ny\nC2\n",
    expected: "<<<<<<< mine\nA1\nx\nB\ny\nC1\n=======\nA2\nx\nB\ny\nC2\n>>>>>>> theirs\n",
    conflicts: 1,
  },
  {
    name: "a conflict whose sides share lines in the middle is split there",
    base: "1\n2\n3\n4\n5\n6\n7\n8\n",
    mine: "1\nA\nk1\nk2\nk3\nk4\nB\n8\n",
    theirs: "1\nC\nk1\nk2\nk3\nk4\nD\n8\n",
    expected: "1\n<<<<<<< mine\nA\n=======\nC\n>>>>>>> theirs\nk1\nk2\nk3\nk4\n<<<<<<< mine\nB\n=======\nD\n>>>>>>> theirs\n8\n",
    conflicts: 2,
  },

  // Line endings and the final newline
  {
    name: "CRLF lines survive a clean merge",
    base: "a\r\nb\r\nc\r\nd\r\n",
    mine: "A\r\nb\r\nc\r\nd\r\n",
    theirs: "a\r\nb\r\nc\r\nD\r\n",
    expected: "A\r\nb\r\nc\r\nD\r\n",
    conflicts: 0,
  },
  {
    name: "conflict markers in a CRLF document end with CRLF",
    base: "a\r\nb\r\nc\r\n",
    mine: "a\r\nB1\r\nc\r\n",
    theirs: "a\r\nB2\r\nc\r\n",
    expected: "a\r\n<<<<<<< mine\r\nB1\r\n=======\r\nB2\r\n>>>>>>> theirs\r\nc\r\n",
    conflicts: 1,
  },
  {
    name: "mixed line endings are kept line by line",
    base: "a\r\nb\nc\r\nd\ne\r\n",
    mine: "a\r\nB\nc\r\nd\ne\r\n",
    theirs: "a\r\nb\nc\r\nd\nE\r\n",
    expected: "a\r\nB\nc\r\nd\nE\r\n",
    conflicts: 0,
  },
  {
    name: "a missing final newline is kept",
    base: "a\nb\nc",
    mine: "A\nb\nc",
    theirs: "a\nb\nc",
    expected: "A\nb\nc",
    conflicts: 0,
  },
  {
    name: "an edit to an unterminated last line stays unterminated",
    base: "a\nb\nc",
    mine: "A\nb\nc",
    theirs: "a\nb\nC",
    expected: "A\nb\nC",
    conflicts: 0,
  },
  {
    name: "one side adds the final newline",
    base: "a\nb\nc",
    mine: "a\nb\nc\n",
    theirs: "A\nb\nc",
    expected: "A\nb\nc\n",
    conflicts: 0,
  },
  {
    name: "changing only a line ending is a change",
    base: "a\nb\nc\nd\n",
    mine: "a\r\nb\nc\nd\n",
    theirs: "a\nb\nc\nD\n",
    expected: "a\r\nb\nc\nD\n",
    conflicts: 0,
  },
  {
    name: "an unterminated conflicting last line gets a newline before the next marker",
    base: "a\nb",
    mine: "a\nB",
    theirs: "a\nC",
    expected: "a\n<<<<<<< mine\nB\n=======\nC\n>>>>>>> theirs\n",
    conflicts: 1,
  },

  {
    name: "markers follow theirs' line endings when mine has none",
    base: "a\r\nb\r\n",
    mine: "",
    theirs: "a\r\nB\r\n",
    expected: "<<<<<<< mine\r\n=======\r\na\r\nB\r\n>>>>>>> theirs\r\n",
    conflicts: 1,
  },
  {
    name: "markers are LF when base's first line is, even amid CRLF lines (git's rule)",
    base: "1\n2\r\n3\r\n",
    mine: "1\n2\r\nA\r\n",
    theirs: "1\n2\r\nB\r\n",
    expected: "1\n2\r\n<<<<<<< mine\nA\r\n=======\nB\r\n>>>>>>> theirs\n",
    conflicts: 1,
  },
  {
    name: "markers are LF when base is empty, whatever the sides use (git's rule)",
    base: "",
    mine: "A\r\nx\r\n",
    theirs: "B\r\nx\r\n",
    expected: "<<<<<<< mine\nA\r\n=======\nB\r\n>>>>>>> theirs\nx\r\n",
    conflicts: 1,
  },

  // Empty inputs
  { name: "all three empty", base: "", mine: "", theirs: "", expected: "", conflicts: 0 },
  { name: "empty base, one side writes", base: "", mine: "hello\n", theirs: "", expected: "hello\n", conflicts: 0 },
  { name: "empty base, both write the same", base: "", mine: "hello\n", theirs: "hello\n", expected: "hello\n", conflicts: 0 },
  {
    name: "empty base, both write differently",
    base: "",
    mine: "hello\n",
    theirs: "bye\n",
    expected: "<<<<<<< mine\nhello\n=======\nbye\n>>>>>>> theirs\n",
    conflicts: 1,
  },
  { name: "one side empties the document", base: "a\nb\n", mine: "", theirs: "a\nb\n", expected: "", conflicts: 0 },
  {
    name: "one side empties the document, the other edits it",
    base: "a\nb\n",
    mine: "",
    theirs: "a\nB\n",
    expected: "<<<<<<< mine\n=======\na\nB\n>>>>>>> theirs\n",
    conflicts: 1,
  },

  // A single-line field such as a document title (no newline at all)
  { name: "title: one side renames", base: "Quarterly plan", mine: "Quarterly plan 2025", theirs: "Quarterly plan", expected: "Quarterly plan 2025", conflicts: 0 },
  { name: "title: both rename the same way", base: "Plan", mine: "Final plan", theirs: "Final plan", expected: "Final plan", conflicts: 0 },
  { name: "title: set from empty by one side", base: "", mine: "", theirs: "Untitled 2", expected: "Untitled 2", conflicts: 0 },
  {
    name: "title: both rename differently",
    base: "Plan",
    mine: "Plan A",
    theirs: "Plan B",
    expected: "<<<<<<< mine\nPlan A\n=======\nPlan B\n>>>>>>> theirs\n",
    conflicts: 1,
  },
];

describe("merge3(base, mine, theirs)", () => {
  it.each(rows)("$name", ({ base, mine, theirs, expected, conflicts }) => {
    const result = merge3(base, mine, theirs);
    expect(renderConflictMarkers(result)).toBe(expected);
    expect(result.counts.conflicts).toBe(conflicts);
    expect(result.clean).toBe(conflicts === 0);
    expect(result.fallback).toBeNull();
    if (conflicts === 0) expect(resolveConflicts(result)).toBe(expected);
  });
});

describe("the merge3 table agrees with git merge-file", () => {
  const oracles = new MergeOracles();
  afterAll(() => oracles.dispose());

  it.each(rows)("$name", ({ base, mine, theirs, expected, conflicts }) => {
    const git = oracles.gitMergeFile(base, mine, theirs);
    expect(git.status).toBe(conflicts);
    expect(git.stdout).toBe(expected);
  });
});

function onlyConflict(result: MergeResult): ConflictChunk {
  const conflicts = result.chunks.filter((chunk): chunk is ConflictChunk => chunk.kind === "conflict");
  expect(conflicts).toHaveLength(1);
  return conflicts[0] as ConflictChunk;
}

describe("merge3 result structure", () => {
  it("lists stable chunks with where their text comes from, and counts the changes", () => {
    const result = merge3("a\nb\nc\nd\ne\nf\ng\nh\ni\n", "a\nB\nc\nd\ne\nF\ng\nh\ni\n", "a\nb\nc\nD\ne\nF\ng\nH\ni\n");
    expect(result.chunks).toEqual([
      { kind: "stable", source: "base", text: "a\n" },
      { kind: "stable", source: "mine", text: "B\n" },
      { kind: "stable", source: "base", text: "c\n" },
      { kind: "stable", source: "theirs", text: "D\n" },
      { kind: "stable", source: "base", text: "e\n" },
      { kind: "stable", source: "both", text: "F\n" },
      { kind: "stable", source: "base", text: "g\n" },
      { kind: "stable", source: "theirs", text: "H\n" },
      { kind: "stable", source: "base", text: "i\n" },
    ]);
    expect(result.counts).toEqual({ conflicts: 0, fromMine: 1, fromTheirs: 2, fromBoth: 1 });
  });

  it("gives each conflict its base, mine and theirs lines and where they start", () => {
    const conflict = onlyConflict(merge3("a\nb\nc\nd\n", "a\nB\nc\nd\n", "x\na\nb\nC\nd\n"));
    expect(conflict).toMatchObject({
      base: ["b\n", "c\n"],
      mine: ["B\n", "c\n"],
      theirs: ["b\n", "C\n"],
      baseStart: 1,
      mineStart: 1,
      theirsStart: 2,
      eol: "\n",
    });
  });

  it("keeps a conflict's id when unrelated parts of the document change", () => {
    const before = onlyConflict(merge3("title\nbody\nend\n", "title\nmy body\nend\n", "title\ntheir body\nend\n"));
    const after = onlyConflict(
      merge3("New title\nintro\nbody\nend\n", "New title\nintro\nmy body\nend\n", "New title\nintro\ntheir body\nend\n"),
    );
    expect(after.id).toBe(before.id);
    expect(after.baseStart).toBe(before.baseStart + 1);
  });

  it("gives different conflicts different ids, even when their content repeats", () => {
    const far = "1\n2\n3\n4\n";
    const result = merge3(`a\nx\n${far}x\nc\n`, `a\nM\n${far}M\nc\n`, `a\nT\n${far}T\nc\n`);
    const ids = result.chunks.filter((chunk) => chunk.kind === "conflict").map((chunk) => chunk.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it("gives the pieces of a split conflict the base lines they replace, each base line to one piece", () => {
    const result = merge3("1\n2\n3\n4\n5\n6\n7\n8\n", "1\nA\nk1\nk2\nk3\nk4\nB\n8\n", "1\nC\nk1\nk2\nk3\nk4\nD\n8\n");
    // Both sides replaced base lines 2-7 as a whole, so the first piece takes them all.
    expect(result.chunks).toMatchObject([
      { kind: "stable", source: "base", text: "1\n" },
      { kind: "conflict", base: ["2\n", "3\n", "4\n", "5\n", "6\n", "7\n"], mine: ["A\n"], theirs: ["C\n"], baseStart: 1, mineStart: 1, theirsStart: 1 },
      { kind: "stable", source: "both", text: "k1\nk2\nk3\nk4\n" },
      { kind: "conflict", base: [], mine: ["B\n"], theirs: ["D\n"], baseStart: 7, mineStart: 6, theirsStart: 6 },
      { kind: "stable", source: "base", text: "8\n" },
    ]);
    expect(resolveConflicts(result, () => "mine")).toBe("1\nA\nk1\nk2\nk3\nk4\nB\n8\n");
  });

  it("keeps each conflict's whole region, base section included, in diff3 style", () => {
    const result = merge3("a\nb\nc\n", "a\nX\nM\n", "a\nX\nT\n", { style: "diff3" });
    expect(result.chunks).toMatchObject([
      { kind: "stable", source: "base", text: "a\n" },
      { kind: "conflict", base: ["b\n", "c\n"], mine: ["X\n", "M\n"], theirs: ["X\n", "T\n"], baseStart: 1 },
    ]);
    expect(renderConflictMarkers(result, { style: "diff3" })).toBe(
      "a\n<<<<<<< mine\nX\nM\n||||||| base\nb\nc\n=======\nX\nT\n>>>>>>> theirs\n",
    );
    // The default style keeps only what differs.
    expect(merge3("a\nb\nc\n", "a\nX\nM\n", "a\nX\nT\n").chunks).toMatchObject([
      { kind: "stable", source: "base", text: "a\n" },
      { kind: "stable", source: "both", text: "X\n" },
      { kind: "conflict", base: ["b\n", "c\n"], mine: ["M\n"], theirs: ["T\n"], baseStart: 1, mineStart: 2 },
    ]);
  });

  it("moves a line all three versions share out of a conflict, including out of its base section", () => {
    // Both sides start the region with "k" (an identical insertion) and then "m",
    // which base has there too: "m" is unchanged text, not part of the conflict.
    const result = merge3("m\nm\nm\n", "k\nm\nk\n", "k\nm\nm\n");
    expect(result.chunks).toMatchObject([
      { kind: "stable", source: "both", text: "k\n" },
      { kind: "stable", source: "base", text: "m\n" },
      { kind: "conflict", base: ["m\n", "m\n"], mine: ["k\n"], theirs: ["m\n"], baseStart: 1, mineStart: 2, theirsStart: 2 },
    ]);
    // Going back to base keeps the agreed insertion and restores base's three lines.
    expect(resolveConflicts(result, () => "base")).toBe("k\nm\nm\nm\n");
  });
});
