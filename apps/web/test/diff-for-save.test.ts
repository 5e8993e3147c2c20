import { describe, expect, it } from "vitest";
import { contentDiff, diffForSave } from "../src/features/documents/client/diff-for-save.ts";
import { applyHunks, parseUnifiedDiff } from "../src/features/documents/diff-patch/unified-diff.ts";
import { random, randomCase } from "./support/diff-oracle.ts";

// What the browser sends must be what the server applies: the browser's diff (jsdiff) through the
// server's exact applier gives the new text byte for byte.
function applied(before: string, diff: string): string {
  const parsed = parseUnifiedDiff(diff, 10_000);
  if (!parsed.ok) throw new Error(parsed.problem);
  const result = applyHunks(before, parsed.hunks);
  if (!result.ok) throw new Error(`hunk ${result.hunk} ${result.at} failed at line ${result.line}`);
  return result.content;
}

describe("diffForSave (the web editor's text/x-diff saves)", () => {
  it("500 random edits (LF and CRLF, final newline or not, both ends): the server's applier gives the new text byte for byte", () => {
    const rnd = random(2024);
    for (let i = 0; i < 500; i++) {
      const { before, after } = randomCase(rnd);
      const diff = contentDiff(before, after);
      expect(diff, `case ${i}`).not.toBeNull();
      expect(applied(before, diff!), `case ${i}:\n${diff}`).toBe(after);
    }
  });

  it("a one-line edit of a 200 KB document is a diff of a few hundred bytes", () => {
    const before = Array.from({ length: 4000 }, (_, i) => `Paragraph ${i}: lorem ipsum dolor sit amet.`).join("\n") + "\n";
    expect(before.length).toBeGreaterThan(64 * 1024);
    const after = before.replace("Paragraph 2000: lorem", "Paragraph 2000: LOREM");
    const diff = diffForSave({ title: "t", content: before }, { title: "t", content: after });
    expect(diff).not.toBeNull();
    expect(diff!.length).toBeLessThan(600);
    expect(applied(before, diff!)).toBe(after);
  });

  it("the whole document instead: small, renamed, unchanged, or a diff no smaller than the content", () => {
    const big = "x\n".repeat(40_000);
    expect(diffForSave({ title: "t", content: "a\n" }, { title: "t", content: "b\n" })).toBeNull();
    expect(diffForSave({ title: "t", content: big }, { title: "renamed", content: `${big}y\n` })).toBeNull();
    expect(diffForSave({ title: "t", content: big }, { title: "t", content: big })).toBeNull();
    expect(diffForSave({ title: "t", content: "a\n".repeat(40_000) }, { title: "t", content: "b\n".repeat(40_000) })).toBeNull();
  });
});
