import { describe, expect, it } from "vitest";
import { applyHunks, linesWithBreaks, parseUnifiedDiff } from "../src/features/documents/diff-patch/unified-diff.ts";
import { diffTools, random, randomCase } from "./support/diff-oracle.ts";

const { gnuDiff, gitDiff } = diffTools();

function patched(content: string, diff: string): string {
  const parsed = parseUnifiedDiff(diff, 10_000);
  if (!parsed.ok) throw new Error(parsed.problem);
  const result = applyHunks(content, parsed.hunks);
  if (!result.ok) throw new Error(`hunk ${result.hunk} ${result.at} failed at line ${result.line}`);
  return result.content;
}

describe("unified diff: applied exactly as diff and git wrote it", () => {
  for (const [name, make] of [
    ["diff -u", gnuDiff],
    ["git diff --no-index", gitDiff],
  ] as const) {
    it(`${name}: 150 random edits (LF and CRLF, with and without a final newline, 0–3 lines of context) give the new text byte for byte`, () => {
      const rnd = random(name.length * 7919);
      for (let i = 0; i < 150; i++) {
        const { before, after } = randomCase(rnd);
        const diff = make(before, after, Math.floor(rnd() * 4));
        expect(patched(before, diff), `case ${i}:\n${diff}`).toBe(after);
      }
    }, 120_000);
  }

  it("creation and deletion of lines at both ends", () => {
    const before = "one\ntwo\nthree\n";
    for (const after of ["zero\none\ntwo\nthree\n", "one\ntwo\nthree\nfour\n", "two\nthree\n", "one\ntwo\n", "", "solo", "zero\ntwo\nfour"]) {
      expect(patched(before, gnuDiff(before, after))).toBe(after);
      expect(patched(before, gitDiff(before, after))).toBe(after);
    }
    expect(patched("", gnuDiff("", "new\ntext\n"))).toBe("new\ntext\n");
  }, 60_000);

  it("CRLF lines keep their CR; a patch for LF lines does not apply to CRLF ones", () => {
    const before = "a\r\nb\r\nc\r\n";
    const after = "a\r\nB\r\nc\r\n";
    const diff = gnuDiff(before, after);
    expect(patched(before, diff)).toBe(after);
    const lf = parseUnifiedDiff(gnuDiff("a\nb\nc\n", "a\nB\nc\n"), 100);
    expect(lf.ok && applyHunks(before, lf.hunks)).toMatchObject({ ok: false, hunk: 1, line: 1 });
  });

  it("\\ No newline at end of file: removed, added, and kept on a changed last line", () => {
    for (const [before, after] of [
      ["a\nb", "a\nb\n"],
      ["a\nb\n", "a\nb"],
      ["a\nb", "a\nc"],
      ["x", "y"],
    ] as const) {
      const diff = gnuDiff(before, after);
      expect(diff).toContain("\\ No newline at end of file");
      expect(patched(before, diff)).toBe(after);
    }
  }, 60_000);

  it("a patch made for a text without a final newline does not apply to one with it (and the other way)", () => {
    const diff = parseUnifiedDiff(gnuDiff("a\nb", "a\nc"), 100);
    expect(diff.ok && applyHunks("a\nb\n", diff.hunks)).toMatchObject({ ok: false, hunk: 1, line: 2, expected: "b", found: "b\n" });
    const other = parseUnifiedDiff(gnuDiff("a\nb\n", "a\nc\n"), 100);
    expect(other.ok && applyHunks("a\nb", other.hunks)).toMatchObject({ ok: false, hunk: 1, line: 2, expected: "b\n", found: "b" });
  });

  it("lines added after a last line without a line break are refused, not run into it", () => {
    const diff = parseUnifiedDiff("@@ -2,0 +3 @@\n+c\n", 100);
    expect(diff.ok && applyHunks("a\nb", diff.hunks)).toMatchObject({ ok: false, hunk: 1, line: 2, found: "b" });
    expect(diff.ok && applyHunks("a\nb\n", diff.hunks)).toEqual({ ok: true, content: "a\nb\nc\n" });
  });
});

describe("unified diff: a hunk that does not apply is named, nothing is searched for", () => {
  const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
  const after = before.replace("line 3\n", "LINE 3\n").replace("line 20\n", "LINE 20\n");
  const diff = gnuDiff(before, after);

  it("context mismatch in the second hunk → hunk 2 with its header, the line, what was expected and found", () => {
    const parsed = parseUnifiedDiff(diff, 100);
    expect(parsed.ok).toBe(true);
    const changed = before.replace("line 19\n", "line nineteen\n");
    expect(parsed.ok && applyHunks(changed, parsed.hunks)).toEqual({ ok: false, hunk: 2, at: "@@ -17,7 +17,7 @@", line: 19, expected: "line 19\n", found: "line nineteen\n" });
  });

  it("a hunk whose lines are there, but elsewhere, does not apply (no offset)", () => {
    const shifted = "new first line\n" + before;
    const parsed = parseUnifiedDiff(diff, 100);
    expect(parsed.ok && applyHunks(shifted, parsed.hunks)).toMatchObject({ ok: false, hunk: 1, line: 1 });
  });

  it("past the end of the document", () => {
    const parsed = parseUnifiedDiff(diff, 100);
    expect(parsed.ok && applyHunks("line 1\nline 2\n", parsed.hunks)).toMatchObject({ ok: false, hunk: 1, line: 3, found: null });
  });

  it("quotes at most 200 characters of a line", () => {
    const long = "x".repeat(5000);
    const parsed = parseUnifiedDiff(gnuDiff(`${long}\n`, "y\n"), 100);
    const result = parsed.ok && applyHunks(`${long}z\n`, parsed.hunks);
    expect(result).toMatchObject({ ok: false, hunk: 1 });
    expect(result && !result.ok && result.expected!.length).toBe(201);
  });
});

describe("unified diff: malformed and unusable diffs are problems", () => {
  const one = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";
  it.each([
    ["no hunk at all", "just some prose\n", /no hunk/],
    ["empty", "", /no hunk/],
    ["two files", `${one}--- a/y\n+++ b/y\n@@ -1 +1 @@\n-c\n+d\n`, /2 files/],
    ["two files, git style", `diff --git a/x b/x\nindex 1..2 100644\n${one}diff --git a/y b/y\nindex 1..2 100644\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-c\n+d\n`, /2 files/],
    ["counts that do not match the lines", "@@ -1,2 +1,2 @@\n-a\n+b\n", /invalid line|count/i],
    ["a hunk with a line that is not context, - or +", "@@ -1,2 +1,2 @@\n-a\n*b\n+c\n+d\n", /invalid line/],
    ["more lines than the header says", "@@ -1 +1 @@\n-a\n+b\n+c\n", /more lines/],
    ["hunks out of order", "@@ -5 +5 @@\n-e\n+E\n@@ -1 +1 @@\n-a\n+A\n", /before the end/],
    ["overlapping hunks", "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n@@ -3 +3 @@\n-c\n+C\n", /before the end/],
    ["no newline marker in a hunk that is not the last", "@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n@@ -5 +5 @@\n-e\n+E\n", /only the last hunk/],
    ["a line after one without a final newline", "@@ -1,2 +1,2 @@\n-a\n\\ No newline at end of file\n-b\n+c\n+d\n", /last of its side/],
    ["binary", "diff --git a/x b/x\nindex 1..2 100644\nGIT binary patch\nliteral 1\nIcmZo$\n\n", /no hunk|binary/],
  ])("%s", (_name, text, problem) => {
    const parsed = parseUnifiedDiff(text, 100);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });

  it("more hunks than the limit", () => {
    const text = Array.from({ length: 11 }, (_, i) => `@@ -${i * 2 + 1} +${i * 2 + 1} @@\n-a\n+b\n`).join("");
    expect(parseUnifiedDiff(text, 10)).toEqual({ ok: false, problem: "the diff has 11 hunks; at most 10 are taken" });
    expect(parseUnifiedDiff(text, 11).ok).toBe(true);
  });

  it("git's headers (diff --git, index, a/ b/) and trailing prose are not part of the change", () => {
    const diff = `diff --git a/doc.md b/doc.md\nindex 0123abc..4567def 100644\n--- a/doc.md\n+++ b/doc.md\n@@ -1,2 +1,2 @@\n-a\n+A\n b\n\nThat was the change.\n`;
    expect(patched("a\nb\n", diff)).toBe("A\nb\n");
  });
});

describe("linesWithBreaks", () => {
  it.each([
    ["", []],
    ["a", ["a"]],
    ["a\n", ["a\n"]],
    ["a\r\nb", ["a\r\n", "b"]],
    ["\n\n", ["\n", "\n"]],
  ])("%j", (text, lines) => {
    expect(linesWithBreaks(text)).toEqual(lines);
    expect(linesWithBreaks(text).join("")).toBe(text);
  });
});
