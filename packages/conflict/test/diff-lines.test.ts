import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { WorkBudget } from "../src/budget.ts";
import { diffLines, type Hunk } from "../src/diff-lines.ts";

const diff = (a: readonly string[], b: readonly string[]): Hunk[] => diffLines(a, b, new WorkBudget());

function apply(a: readonly string[], b: readonly string[], hunks: readonly Hunk[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const hunk of hunks) {
    out.push(...a.slice(at, hunk.aStart), ...b.slice(hunk.bStart, hunk.bEnd));
    at = hunk.aEnd;
  }
  return [...out, ...a.slice(at)];
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = a.length - 1; i >= 0; i--) {
    const next = new Array<number>(b.length + 1).fill(0);
    for (let j = b.length - 1; j >= 0; j--) {
      next[j] = a[i] === b[j] ? (row[j + 1] as number) + 1 : Math.max(row[j] as number, next[j + 1] as number);
    }
    row = next;
  }
  return row[0] as number;
}

const lines = (alphabet: string) => fc.array(fc.constantFrom(...alphabet.split("")), { maxLength: 30 });

describe("diffLines(a, b)", () => {
  it("turns a into b, with hunks in order and an unchanged line between any two", () => {
    fc.assert(
      fc.property(lines("abcd"), lines("abcde"), (a, b) => {
        const hunks = diff(a, b);
        expect(apply(a, b, hunks)).toEqual(b);
        hunks.forEach((hunk, i) => {
          expect(hunk.aEnd - hunk.aStart + (hunk.bEnd - hunk.bStart)).toBeGreaterThan(0);
          const next = hunks[i + 1];
          if (next !== undefined) expect(next.aStart).toBeGreaterThan(hunk.aEnd);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("is minimal when every line has a match on the other side", () => {
    // (git sets a frequent line aside when it sits among unmatched ones, and so do we;
    // without unmatched lines that never happens and the diff must be shortest.)
    fc.assert(
      fc.property(lines("abc"), lines("abc"), (a, b) => {
        fc.pre(a.every((line) => b.includes(line)) && b.every((line) => a.includes(line)));
        const edits = diff(a, b).reduce((sum, h) => sum + (h.aEnd - h.aStart) + (h.bEnd - h.bStart), 0);
        expect(edits).toBe(a.length + b.length - 2 * lcsLength(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    { name: "a deleted line among equal ones is the last of them", a: "x,,,y", b: "x,,y", hunks: [[2, 3, 2, 2]] },
    { name: "an added line among equal ones goes after them", a: "x,,y", b: "x,,,y", hunks: [[2, 2, 2, 3]] },
    // Myers deletes the middle "b" and adds "c" at the end; sliding the deletion to the end makes it one replacement.
    { name: "a deletion slides to face an insertion and becomes a replacement", a: "b,c,b,b", b: "c,b,c", hunks: [[0, 1, 0, 0], [3, 4, 2, 3]] },
  ])("places ambiguous hunks where git does: $name", ({ a, b, hunks }) => {
    const found = diff(a.split(","), b.split(",")).map((h) => [h.aStart, h.aEnd, h.bStart, h.bEnd]);
    expect(found).toEqual(hunks);
  });
});

describe("diffLines against git diff", () => {
  const dir = mkdtempSync(join(tmpdir(), "merge3-diff-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function gitHunks(a: string[], b: string[]): number[][] {
    writeFileSync(join(dir, "a"), a.join(""));
    writeFileSync(join(dir, "b"), b.join(""));
    const run = spawnSync(
      "git",
      ["-c", "diff.algorithm=myers", "diff", "--no-index", "--no-indent-heuristic", "--no-color", "-U0", "a", "b"],
      { cwd: dir, encoding: "utf8" },
    );
    return [...run.stdout.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)].map((m) => {
      const aCount = m[2] === undefined ? 1 : Number(m[2]);
      const bCount = m[4] === undefined ? 1 : Number(m[4]);
      // In unified diffs an empty range is numbered after the line it follows.
      const aStart = Number(m[1]) - (aCount === 0 ? 0 : 1);
      const bStart = Number(m[3]) - (bCount === 0 ? 0 : 1);
      return [aStart, aStart + aCount, bStart, bStart + bCount];
    });
  }

  it("finds the same hunks as git's Myers diff, even among many equally short diffs", () => {
    const text = fc.array(fc.constantFrom("a\n", "b\n", "c\n", "\n"), { maxLength: 24 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ours = diff(a, b).map((h) => [h.aStart, h.aEnd, h.bStart, h.bEnd]);
        expect(ours).toEqual(gitHunks(a, b));
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
