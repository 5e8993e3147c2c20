import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { merge3, renderConflictMarkers, resolveConflicts, type MarkerOptions, type MergeResult } from "../src/index.ts";
import { MergeOracles, type OracleRun } from "./support/oracles.ts";
import { nearConflictMerge, repetitiveMerge, uniqueLineMerge, type MergeCase } from "./support/generators.ts";

// Each case spawns a process or two; these counts keep the file to a few seconds.
const RUNS = Number(process.env.DIFF_RUNS ?? 250);

/**
 * What must hold between our merge and a reference one: the same verdict
 * (clean or not), the same bytes when clean. With `compareConflicts` (git
 * as the reference, same labels) also the same number of conflicts and the
 * same bytes with conflict markers.
 */
function expectAgreement(ours: MergeResult, reference: OracleRun, compareConflicts: boolean, style: MarkerOptions["style"] = "merge"): void {
  expect(ours.clean).toBe(reference.status === 0);
  if (ours.clean) expect(resolveConflicts(ours)).toBe(reference.stdout);
  else if (compareConflicts) {
    expect(ours.counts.conflicts).toBe(reference.status);
    expect(renderConflictMarkers(ours, { style })).toBe(reference.stdout);
  }
}

// fast-check prints the seed of a failing run; DIFF_SEED replays it.
const seed = process.env.DIFF_SEED === undefined ? {} : { seed: Number(process.env.DIFF_SEED) };

describe("merge3 against git merge-file -p", () => {
  const oracles = new MergeOracles();
  afterAll(() => oracles.dispose());

  const agreesWithGit = ({ base, mine, theirs }: MergeCase): void => {
    expectAgreement(merge3(base, mine, theirs), oracles.gitMergeFile(base, mine, theirs), true);
  };

  it("agrees on merges whose diffs are unambiguous (distinct lines)", () => {
    fc.assert(fc.property(uniqueLineMerge, agreesWithGit), { numRuns: RUNS, ...seed });
  }, 120_000);

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
    fc.assert(fc.property(longCase, agreesWithGit), { numRuns: 40, ...seed });
  }, 120_000);

  it("agrees on merges of repetitive text, where it must pick the same diff as git", () => {
    fc.assert(fc.property(repetitiveMerge, agreesWithGit), { numRuns: RUNS, ...seed });
  }, 120_000);
});

describe("merge3 agrees with git merge-file on conflicts close together", () => {
  const oracles = new MergeOracles();
  afterAll(() => oracles.dispose());

  it("joins and splits conflicts as git does (default style), byte for byte", () => {
    fc.assert(
      fc.property(nearConflictMerge, ({ base, mine, theirs }) => {
        expectAgreement(merge3(base, mine, theirs), oracles.gitMergeFile(base, mine, theirs), true);
      }),
      { numRuns: RUNS, ...seed },
    );
  }, 120_000);

  it("keeps whole conflicts with their base section as git merge-file --diff3 does", () => {
    fc.assert(
      fc.property(nearConflictMerge, ({ base, mine, theirs }) => {
        const ours = merge3(base, mine, theirs, { style: "diff3" });
        expectAgreement(ours, oracles.gitMergeFile(base, mine, theirs, ["--diff3"]), true, "diff3");
      }),
      { numRuns: RUNS, ...seed },
    );
  }, 120_000);

  it("resolves every conflict to one side, or both, as git's --ours, --theirs and --union do", () => {
    const favors = [
      ["--ours", "mine"],
      ["--theirs", "theirs"],
      ["--union", "mine-then-theirs"],
    ] as const;
    fc.assert(
      fc.property(nearConflictMerge, fc.constantFrom(...favors), ({ base, mine, theirs }, [option, resolution]) => {
        const git = oracles.gitMergeFile(base, mine, theirs, [option]);
        expect(git.status).toBe(0);
        expect(resolveConflicts(merge3(base, mine, theirs), () => resolution)).toBe(git.stdout);
      }),
      { numRuns: Math.ceil(RUNS / 2), ...seed },
    );
  }, 120_000);
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
      { numRuns: RUNS, ...seed },
    );
  }, 120_000);
});
