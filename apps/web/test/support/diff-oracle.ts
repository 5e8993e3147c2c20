// The oracle for diff patches: real `diff -u` and `git diff --no-index` on files holding the two
// texts, and a seeded generator of random texts and edits (repeated lines, CRLF, missing final
// newlines), so a failure can be replayed from its seed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

export type DiffTool = (before: string, after: string, context?: number) => string;

export function diffTools(): { gnuDiff: DiffTool; gitDiff: DiffTool } {
  const dir = mkdtempSync(join(tmpdir(), "tandem-diff-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (command: string, args: string[], before: string, after: string): string => {
    const a = join(dir, "a.md");
    const b = join(dir, "b.md");
    writeFileSync(a, before);
    writeFileSync(b, after);
    const result = spawnSync(command, [...args, a, b], { encoding: "utf8" });
    if (result.status !== 0 && result.status !== 1) throw new Error(result.stderr);
    return result.stdout;
  };
  return {
    gnuDiff: (before, after, context = 3) => run("diff", [`-U${context}`], before, after),
    gitDiff: (before, after, context = 3) => run("git", ["diff", "--no-index", "--no-color", `-U${context}`], before, after),
  };
}

export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Few distinct lines: repeated lines make ambiguous context, where an applier that searches
// for a place (fuzz or offset) would go wrong.
const WORDS = ["alpha", "beta", "", "gamma", "# Title", "- item", "beta", "délta ✓"];

export function randomText(rnd: () => number, eol: string, finalNewline: boolean): string {
  const n = Math.floor(rnd() * 12);
  const lines = Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]!);
  if (n === 0) return "";
  return lines.join(eol) + (finalNewline ? eol : "");
}

/** 1–4 insertions, deletions or changes anywhere (both ends included); the final newline may come or go. */
export function randomEdit(rnd: () => number, text: string, eol: string): string {
  const lines = text === "" ? [] : text.split(eol);
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (lines.length + 1));
    const what = rnd();
    if (what < 0.35) lines.splice(at, 0, WORDS[Math.floor(rnd() * WORDS.length)]!);
    else if (what < 0.7) lines.splice(at, 1);
    else if (at < lines.length) lines[at] = `${lines[at]} changed`;
    else lines.unshift("first");
  }
  let out = lines.join(eol);
  if (rnd() < 0.3 && out.endsWith(eol)) out = out.slice(0, -eol.length);
  else if (rnd() < 0.3 && !out.endsWith(eol)) out += eol;
  return out;
}

/** A random before/after pair that differ. */
export function randomCase(rnd: () => number): { before: string; after: string } {
  for (;;) {
    const eol = rnd() < 0.3 ? "\r\n" : "\n";
    const before = randomText(rnd, eol, rnd() < 0.7);
    const after = randomEdit(rnd, before, eol);
    if (after !== before) return { before, after };
  }
}
