import { describe, expect, it } from "vitest";
import { minimalChange } from "@/features/documents/client/editor/minimal-change.ts";

const apply = (text: string, c: { from: number; to: number; insert: string }) => text.slice(0, c.from) + c.insert + text.slice(c.to);

describe("minimalChange(before, after): the session's text as an editor transaction", () => {
  it.each([
    ["same", "same", null],
    ["", "abc", { from: 0, to: 0, insert: "abc" }],
    ["abc", "", { from: 0, to: 3, insert: "" }],
    ["a\nb\nc\n", "a\nB\nc\n", { from: 2, to: 3, insert: "B" }],
    ["one\ntwo\n", "one\ntwo\nthree\n", { from: 8, to: 8, insert: "three\n" }],
    ["aaa", "aa", { from: 2, to: 3, insert: "" }],
    ["x\r\ny", "x\ny", { from: 1, to: 2, insert: "" }],
    // A changed emoji (surrogate pairs sharing the high half) is replaced whole.
    ["a\u{1F600}b", "a\u{1F601}b", { from: 1, to: 3, insert: "\u{1F601}" }],
    // Same low half, different high half.
    ["a\u{1F600}b", "a\u{2F600}b", { from: 1, to: 3, insert: "\u{2F600}" }],
  ])("%j → %j", (before, after, expected) => {
    expect(minimalChange(before, after)).toEqual(expected);
  });

  it("always turns before into after (every pair of short strings over a small alphabet)", () => {
    const words = ["", "a", "b", "ab", "ba", "aab", "abb", "a\nb", "\u{1F600}", "a\u{1F600}", "\u{1F600}\u{1F601}", "\r\n"];
    for (const before of words) {
      for (const after of words) {
        const change = minimalChange(before, after);
        expect(change === null ? before : apply(before, change)).toBe(after);
      }
    }
  });
});
