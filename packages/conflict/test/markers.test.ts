import { describe, expect, it } from "vitest";
import { merge3, renderConflictMarkers } from "../src/index.ts";

const conflicted = merge3("a\nb\nc\n", "a\nB1\nc\n", "a\nB2\nc\n");

describe("renderConflictMarkers(result, options)", () => {
  it.each([
    { options: {}, expected: "a\n<<<<<<< mine\nB1\n=======\nB2\n>>>>>>> theirs\nc\n" },
    {
      options: { style: "diff3" as const },
      expected: "a\n<<<<<<< mine\nB1\n||||||| base\nb\n=======\nB2\n>>>>>>> theirs\nc\n",
    },
    {
      options: { labels: { mine: "HEAD", base: "ancestor", theirs: "feature/x" }, style: "diff3" as const },
      expected: "a\n<<<<<<< HEAD\nB1\n||||||| ancestor\nb\n=======\nB2\n>>>>>>> feature/x\nc\n",
    },
    { options: { markerSize: 3 }, expected: "a\n<<< mine\nB1\n===\nB2\n>>> theirs\nc\n" },
    { options: { labels: { mine: "", theirs: "" } }, expected: "a\n<<<<<<<\nB1\n=======\nB2\n>>>>>>>\nc\n" },
    { options: { labels: { mine: "two\nlines" } }, expected: "a\n<<<<<<< two lines\nB1\n=======\nB2\n>>>>>>> theirs\nc\n" },
  ])("writes conflicts as git does, with $options", ({ options, expected }) => {
    expect(renderConflictMarkers(conflicted, options)).toBe(expected);
  });

  it("shows an empty base section in diff3 style for insertions", () => {
    expect(renderConflictMarkers(merge3("a\n", "a\nX\n", "a\nY\n"), { style: "diff3" })).toBe(
      "a\n<<<<<<< mine\nX\n||||||| base\n=======\nY\n>>>>>>> theirs\n",
    );
  });

  it("ends unterminated sections before the next marker, with the document's line ending", () => {
    expect(renderConflictMarkers(merge3("a\r\nb", "a\r\nB1", "a\r\nB2"), { style: "diff3" })).toBe(
      "a\r\n<<<<<<< mine\r\nB1\r\n||||||| base\r\nb\r\n=======\r\nB2\r\n>>>>>>> theirs\r\n",
    );
  });

  it("rejects a marker size that is not a positive integer", () => {
    expect(() => renderConflictMarkers(conflicted, { markerSize: 0 })).toThrow(RangeError);
    expect(() => renderConflictMarkers(conflicted, { markerSize: 2.5 })).toThrow(RangeError);
  });
});
