import fc from "fast-check";

/** Three versions of a document for a merge. */
export interface MergeCase {
  readonly base: string;
  readonly mine: string;
  readonly theirs: string;
}

const terminators = ["\n", "\n", "\n", "\r\n", ""] as const;

/**
 * Joins line bodies and terminators into text, making every line but the last
 * end with a terminator (a missing one becomes "\n"), as any real text is.
 */
export function joinLines(lines: ReadonlyArray<readonly [string, string]>): string {
  return lines.map(([body, end], i) => body + (end === "" && i < lines.length - 1 ? "\n" : end)).join("");
}

/**
 * What one side does to one base line: keep it, delete it, replace it, or
 * change only its line ending; plus lines it inserts before it.
 */
type LineEdit =
  | { readonly kind: "keep" | "delete" | "flip-ending" }
  | { readonly kind: "replace"; readonly lines: ReadonlyArray<readonly [string, string]> };

const freshLine = fc.tuple(fc.constantFrom("x", "y", "z", "x y", ""), fc.constantFrom(...terminators));
const freshLines = fc.array(freshLine, { minLength: 1, maxLength: 2 });

const lineEdit: fc.Arbitrary<LineEdit> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "keep" } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "delete" } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "flip-ending" } as const) },
  { weight: 2, arbitrary: freshLines.map((lines) => ({ kind: "replace", lines }) as const) },
);

const slotEdit = fc.record({
  insertBefore: fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: freshLines }),
  edit: lineEdit,
});

function applyEdits(
  base: ReadonlyArray<readonly [string, string]>,
  edits: ReadonlyArray<{ insertBefore: ReadonlyArray<readonly [string, string]>; edit: LineEdit }>,
  insertAtEnd: ReadonlyArray<readonly [string, string]>,
): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  base.forEach((line, i) => {
    const slot = edits[i];
    if (slot === undefined) {
      out.push(line);
      return;
    }
    out.push(...slot.insertBefore);
    const { edit } = slot;
    if (edit.kind === "keep") out.push(line);
    else if (edit.kind === "flip-ending") out.push([line[0], line[1] === "\r\n" ? "\n" : "\r\n"]);
    else if (edit.kind === "replace") out.push(...edit.lines);
  });
  out.push(...insertAtEnd);
  return out;
}

/**
 * Merges whose line diffs are unambiguous: base lines are all distinct and
 * every line a side adds is absent from base, so each side's minimal diff
 * against base is unique and any correct engine must align them the same
 * way. Sides often repeat each other's edits (to exercise identical
 * changes), touch neighbouring lines (adjacent edits) and play with line
 * endings and the final newline.
 */
export const uniqueLineMerge: fc.Arbitrary<MergeCase> = fc
  .integer({ min: 0, max: 12 })
  .chain((size) =>
    fc.record({
      base: fc.tuple(
        fc.constant(Array.from({ length: size }, (_, i) => `line ${i}`)),
        fc.array(fc.constantFrom(...terminators), { minLength: size, maxLength: size }),
      ),
      mineEdits: fc.array(slotEdit, { minLength: size, maxLength: size }),
      theirsEdits: fc.array(slotEdit, { minLength: size, maxLength: size }),
      copyMine: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
      mineEnd: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: freshLines }),
      theirsEnd: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: freshLines }),
    }),
  )
  .map(({ base: [bodies, ends], mineEdits, theirsEdits, copyMine, mineEnd, theirsEnd }) => {
    const baseLines = bodies.map((body, i) => [body, ends[i] ?? "\n"] as const);
    // Sharing an edit with mine makes identical changes common, not a coincidence.
    const theirsOwn = theirsEdits.map((edit, i) => (copyMine[i] === true ? (mineEdits[i] ?? edit) : edit));
    return {
      base: joinLines(baseLines),
      mine: joinLines(applyEdits(baseLines, mineEdits, mineEnd)),
      theirs: joinLines(applyEdits(baseLines, theirsOwn, theirsEnd)),
    };
  });

/**
 * Merges of texts made of a few repeated lines, where many minimal diffs
 * exist and the engine must pick the same one as git to agree with it.
 */
export const repetitiveMerge: fc.Arbitrary<MergeCase> = fc
  .record({
    alphabet: fc.integer({ min: 1, max: 5 }),
    base: fc.array(fc.tuple(fc.nat(4), fc.constantFrom("\n", "\n", "\r\n", "")), { maxLength: 14 }),
    mine: fc.array(fc.tuple(fc.nat(7), fc.nat(4), fc.constantFrom("\n", "\r\n", "")), { maxLength: 5 }),
    theirs: fc.array(fc.tuple(fc.nat(7), fc.nat(4), fc.constantFrom("\n", "\r\n", "")), { maxLength: 5 }),
  })
  .map(({ alphabet, base, mine, theirs }) => {
    const body = (n: number): string => "abcde".charAt(n % alphabet);
    const baseLines = base.map(([n, end]) => [body(n), end] as const);
    // Each edit: 0-2 delete a line, 3-4 insert one, 5-6 replace one.
    const edit = (edits: ReadonlyArray<readonly [number, number, string]>): Array<readonly [string, string]> => {
      const lines: Array<readonly [string, string]> = [...baseLines];
      for (const [op, n, end] of edits) {
        const at = lines.length === 0 ? 0 : (n * 7 + op) % (lines.length + 1);
        if (op <= 2) lines.splice(at, 1);
        else if (op <= 4) lines.splice(at, 0, [body(n + op), end]);
        else lines.splice(at, 1, [body(n + 1), end]);
      }
      return lines;
    };
    return { base: joinLines(baseLines), mine: joinLines(edit(mine)), theirs: joinLines(edit(theirs)) };
  });

/** Any text: a few lines from a small alphabet, with any line endings. */
export const smallText: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom("a", "b", "c", "", "a b"), fc.constantFrom(...terminators)), { maxLength: 10 })
  .map(joinLines);

/**
 * Merges with conflicts close together: both sides change the same few spots
 * differently, the spots 0 to 5 lines apart, and the lines between them
 * either text (letters, digits) or not (blank lines, braces, rules), so that
 * git's joining of near conflicts is exercised on both sides of its limits.
 * Around the spots, one side or both may also change a line the same way;
 * the spots may sit at the start or end of the document, which may lack its
 * final newline or use CRLF. Lines repeat, so conflicts can share lines
 * (git then splits a conflict at the lines its sides share).
 */
export const nearConflictMerge: fc.Arbitrary<MergeCase> = fc
  .record({
    lead: fc.nat(2),
    spots: fc.array(
      fc.record({
        gap: fc.nat(5),
        gapText: fc.boolean(),
        baseSize: fc.nat(2),
        mine: fc.array(fc.constantFrom("m", "x", "shared", "", "}"), { maxLength: 3 }),
        theirs: fc.array(fc.constantFrom("t", "x", "shared", "", "}"), { maxLength: 3 }),
        between: fc.constantFrom("keep", "keep", "keep", "mine", "theirs", "both"),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    tail: fc.nat(2),
    eol: fc.constantFrom("\n", "\n", "\r\n", "mixed"),
    finalNewline: fc.constantFrom(true, true, false),
  })
  .map(({ lead, spots, tail, eol, finalNewline }) => {
    let n = 0;
    const text = (): string => `text ${n++}`;
    const base: string[] = [];
    const mine: string[] = [];
    const theirs: string[] = [];
    const same = (line: string): void => {
      base.push(line);
      mine.push(line);
      theirs.push(line);
    };
    for (let k = 0; k < lead; k++) same(text());
    spots.forEach((spot, s) => {
      if (s > 0 || lead > 0) {
        for (let k = 0; k < spot.gap; k++) {
          const line = spot.gapText ? text() : ["", "}", "---", "  "][k % 4] as string;
          // One line of the gap may be changed by one side or identically by both.
          if (k === 0 && spot.between !== "keep") {
            base.push(line);
            mine.push(spot.between === "theirs" ? line : `${line} edited`);
            theirs.push(spot.between === "mine" ? line : `${line} edited`);
          } else same(line);
        }
      }
      for (let k = 0; k < spot.baseSize; k++) base.push(k === 0 ? `old ${s}` : "shared");
      mine.push(...spot.mine.map((line) => (line === "m" ? `mine ${s}` : line)));
      theirs.push(...spot.theirs.map((line) => (line === "t" ? `theirs ${s}` : line)));
      // Sides that end up alike are not a conflict; make this spot one.
      if (spot.mine.join("\n") === spot.theirs.join("\n")) theirs.push(`theirs ${s}`);
    });
    for (let k = 0; k < tail; k++) same(text());
    const join = (lines: readonly string[]): string =>
      lines
        .map((line, i) => {
          const end = eol === "mixed" ? (i % 3 === 1 ? "\r\n" : "\n") : eol;
          return i < lines.length - 1 || finalNewline ? line + end : line;
        })
        .join("");
    return { base: join(base), mine: join(mine), theirs: join(theirs) };
  });
