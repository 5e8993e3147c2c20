import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { merge3, renderConflictMarkers, resolveConflicts, type MergeResult } from "../src/index.ts";
import { MergeOracles, type OracleRun } from "./support/oracles.ts";
import { repetitiveMerge, uniqueLineMerge, type MergeCase } from "./support/generators.ts";

// Each case spawns a process or two; these counts keep the file to a few seconds.
const RUNS = Number(process.env.DIFF_RUNS ?? 250);

/**
 * What must hold between our merge and a reference one: the same verdict
 * (clean or not), the same bytes when clean. When both find exactly one
 * conflict, git's output with the same labels must match ours too: git
 * trims lines both sides share off a conflict's edges as we do, and only
 * joins conflicts (which we keep apart) when there are several.
 */
function expectAgreement(ours: MergeResult, reference: OracleRun, compareSingleConflict: boolean): void {
  expect(ours.clean).toBe(reference.status === 0);
  if (ours.clean) expect(resolveConflicts(ours)).toBe(reference.stdout);
  else if (compareSingleConflict && reference.status === 1 && ours.counts.conflicts === 1) {
    expect(renderConflictMarkers(ours)).toBe(reference.stdout);
  }
}

describe("merge3 against git merge-file -p", () => {
  const oracles = new MergeOracles();
  afterAll(() => oracles.dispose());

  const agreesWithGit = ({ base, mine, theirs }: MergeCase): void => {
    // Markers take the line ending of the text around them; git's rule for
    // that differs in mixed-ending files, so compare whole conflicts only in LF text.
    const lfOnly = !`${base}${mine}${theirs}`.includes("\r");
    expectAgreement(merge3(base, mine, theirs), oracles.gitMergeFile(base, mine, theirs), lfOnly);
  };

  it("agrees on merges whose diffs are unambiguous (distinct lines)", () => {
    fc.assert(fc.property(uniqueLineMerge, agreesWithGit), { numRuns: RUNS });
  }, 60_000);

  it("agrees on long documents with scattered edits, blank lines and any line endings", () => {
    const longCase = fc
      .record({
        lines: fc.integer({ min: 100, max: 3000 }),
        eol: fc.constantFrom("\n", "\r\n"),
        finalNewline: fc.boolean(),
        mineEvery: fc.integer({ min: 7, max: 60 }),
        theirsEvery: fc.integer({ min: 7, max: 60 }),
        offset: fc.nat(50),
      })
      .map(({ lines, eol, finalNewline, mineEvery, theirsEvery, offset }) => {
        // Paragraphs separated by blank lines, so that repeated lines are common.
        const base = Array.from({ length: lines }, (_, i) => (i % 6 === 5 ? "" : `paragraph ${Math.floor(i / 6)} line ${i % 6}`));
        const edit = (every: number, shift: number, side: string): string[] =>
          base.flatMap((line, i) =>
            (i + shift) % every !== 0 ? [line] : i % 3 === 0 ? [] : i % 3 === 1 ? [`${line} (${side})`] : [line, `added by ${side}`, ""],
          );
        const join = (text: string[]): string => text.join(eol) + (finalNewline ? eol : "");
        return { base: join(base), mine: join(edit(mineEvery, offset, "mine")), theirs: join(edit(theirsEvery, offset + 3, "theirs")) };
      });
    fc.assert(fc.property(longCase, agreesWithGit), { numRuns: 40 });
  }, 60_000);

  it("agrees on merges of repetitive text, where it must pick the same diff as git", () => {
    fc.assert(fc.property(repetitiveMerge, agreesWithGit), { numRuns: RUNS });
  }, 60_000);
});

describe("merge3 against GNU diff3 -m -E", () => {
  const oracles = new MergeOracles();
  afterAll(() => oracles.dispose());

  // GNU diff picks other alignments than git among equally short diffs and
  // writes conflicts differently, so only unambiguous merges, verdicts and
  // clean output are compared.
  it("agrees on merges whose diffs are unambiguous (distinct lines)", () => {
    fc.assert(
      fc.property(uniqueLineMerge, ({ base, mine, theirs }) => {
        expectAgreement(merge3(base, mine, theirs), oracles.gnuDiff3(base, mine, theirs), false);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);
});
