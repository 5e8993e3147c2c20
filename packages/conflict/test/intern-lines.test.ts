import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineCount, linesArray, linesText, LineInterner, type SplitText } from "../src/intern-lines.ts";
import { splitLines } from "../src/split-lines.ts";
import { smallText } from "./support/generators.ts";

/** Long enough for splitLike's block comparisons (16 lines) to matter. */
const longerText = fc
  .array(smallText, { maxLength: 8 })
  .map((parts) => parts.map((part) => (part.endsWith("\n") || part === "" ? part : `${part}\n`)).join(""));

/** Texts that share most lines, as the sides of a merge do; either may lack a final newline. */
const relatedTexts = fc
  .tuple(
    fc.oneof(smallText, longerText),
    fc.boolean(),
    fc.array(fc.tuple(fc.nat(80), fc.constantFrom("drop", "dup", "new\n", "a", "a\n", "append"))),
    fc.boolean(),
  )
  .map(([text, dropReferenceNewline, edits, dropOtherNewline]) => {
    const reference = dropReferenceNewline && text.endsWith("\n") ? text.slice(0, -1) : text;
    const lines = splitLines(reference);
    for (const [at, edit] of edits) {
      const i = lines.length === 0 ? 0 : at % lines.length;
      if (edit === "drop") lines.splice(i, 1);
      else if (edit === "dup") lines.splice(i, 0, lines[i] ?? "x\n");
      else if (edit === "append") lines.push("tail\n");
      else lines.splice(i, 0, edit);
    }
    let other = lines.map((line, i) => (i < lines.length - 1 && !line.endsWith("\n") ? `${line}\n` : line)).join("");
    if (dropOtherNewline && other.endsWith("\n")) other = other.slice(0, -1);
    return { reference, other };
  });

const linesOf = (split: SplitText): string[] => linesArray(split, 0, lineCount(split));

/** Checks that ids name lines one to one across the given texts. */
function expectOneIdPerLine(interner: LineInterner, ...splits: SplitText[]): void {
  const idOfLine = new Map<string, number>();
  const lineOfId = new Map<number, string>();
  for (const split of splits) {
    linesOf(split).forEach((line, i) => {
      const id = split.ids[i] as number;
      expect(idOfLine.get(line) ?? id).toBe(id);
      expect(lineOfId.get(id) ?? line).toBe(line);
      idOfLine.set(line, id);
      lineOfId.set(id, line);
    });
  }
  expect(interner.size).toBe(idOfLine.size);
}

describe("LineInterner", () => {
  it("splits texts as splitLines does", () => {
    fc.assert(
      fc.property(relatedTexts, ({ reference, other }) => {
        const interner = new LineInterner();
        const referenceSplit = interner.splitText(reference);
        const otherSplit = interner.splitLike(other, referenceSplit);
        expect(linesOf(referenceSplit)).toEqual(splitLines(reference));
        expect(linesOf(otherSplit)).toEqual(splitLines(other));
        expect(linesText(otherSplit, 0, lineCount(otherSplit))).toBe(other);
      }),
      { numRuns: 500 },
    );
  });

  it("gives equal lines equal ids and different lines different ids, across texts", () => {
    fc.assert(
      fc.property(relatedTexts, ({ reference, other }) => {
        const interner = new LineInterner();
        const referenceSplit = interner.splitText(reference);
        const otherSplit = interner.splitLike(other, referenceSplit);
        expectOneIdPerLine(interner, referenceSplit, otherSplit);
        // The same holds when the other text is split without the reference's help.
        const plain = new LineInterner();
        expectOneIdPerLine(plain, plain.splitText(reference), plain.splitText(other));
      }),
      { numRuns: 1000 },
    );
  });

  it("does not take an unterminated last reference line for a terminated one, in a block or alone", () => {
    for (const lines of [3, 16, 40]) {
      const reference = Array.from({ length: lines }, (_, i) => `line ${i}`).join("\n");
      const interner = new LineInterner();
      const referenceSplit = interner.splitText(reference);
      const other = interner.splitLike(`${reference}\nmore\n`, referenceSplit);
      expect(linesOf(other)).toEqual([...linesOf(referenceSplit).slice(0, -1), `line ${lines - 1}\n`, "more\n"]);
      expect(other.ids[lines - 1]).not.toBe(referenceSplit.ids[lines - 1]);
      expect([...other.ids.subarray(0, lines - 1)]).toEqual([...referenceSplit.ids.subarray(0, lines - 1)]);
    }
  });
});
