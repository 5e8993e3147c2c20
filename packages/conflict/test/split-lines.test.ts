import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitLines } from "../src/index.ts";
import { lastTerminatorIn } from "../src/split-lines.ts";

describe("splitLines(text)", () => {
  it.each([
    { text: "", lines: [] },
    { text: "a", lines: ["a"] },
    { text: "a\n", lines: ["a\n"] },
    { text: "a\nb", lines: ["a\n", "b"] },
    { text: "\n\n", lines: ["\n", "\n"] },
    { text: "a\r\nb\r\n", lines: ["a\r\n", "b\r\n"] },
    { text: "a\r\nb\nc", lines: ["a\r\n", "b\n", "c"] },
    { text: "a\rb\n", lines: ["a\rb\n"] }, // a lone CR does not end a line, as in git
    { text: "x\r", lines: ["x\r"] },
  ])("splits $text into lines that keep their terminators", ({ text, lines }) => {
    expect(splitLines(text)).toEqual(lines);
  });

  it("gives back the text when joined, and only the last line may lack a newline", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", "\n", "\r", "é", " ") }), (text) => {
        const lines = splitLines(text);
        expect(lines.join("")).toBe(text);
        lines.forEach((line, i) => {
          expect(line).not.toBe("");
          expect(line.slice(0, -1)).not.toContain("\n");
          if (i < lines.length - 1) expect(line.endsWith("\n")).toBe(true);
        });
      }),
    );
  });
});

describe("lastTerminatorIn(text)", () => {
  it.each([
    { text: "a\r\nb\nc", expected: "\n" },
    { text: "a\nb\r\nc", expected: "\r\n" },
    { text: "a\r\n", expected: "\r\n" },
    { text: "\n", expected: "\n" },
    { text: "no break", expected: "\n" },
  ])("is the ending of the last line break in $text, else \\n", ({ text, expected }) => {
    expect(lastTerminatorIn(text)).toBe(expected);
  });
});
