// Unified diffs (`diff -u`, `git diff`) of one text: parsed by jsdiff, applied here hunk by hunk
// at exactly the lines their headers name. jsdiff's own applyPatch searches for another place
// when a hunk's context does not match and converts line endings; a write must do neither, and
// must say which hunk failed. Pure: shared by the server (PATCH text/x-diff) and its tests.
import { parsePatch, type StructuredPatchHunk } from "diff";

export interface Hunk {
  /** 1-based position in the hunk list. */
  number: number;
  /** The header as `@@ -a,b +c,d @@`, to name the hunk in an answer. */
  at: string;
  /** 0-based index of the first old line this hunk replaces. */
  start: number;
  /** The lines it expects and the lines it puts in their place, each with its line break (none on a last line without one). */
  old: string[];
  new: string[];
}

export type ParsedDiff = { ok: true; hunks: Hunk[] } | { ok: false; problem: string };

export interface HunkFailure {
  hunk: number;
  at: string;
  /** 1-based line of the document where the hunk stopped matching. */
  line: number;
  /** The line the hunk expected there and the one the document has (null: past its end), shortened. */
  expected: string | null;
  found: string | null;
}

export type Applied = { ok: true; content: string } | ({ ok: false } & HunkFailure);

const NO_NEWLINE = "\\";
/** How much of a line an answer quotes. */
const QUOTE_CHARS = 200;

function headerOf(h: StructuredPatchHunk): string {
  // jsdiff counts an empty side's start one up (its place is before that line); the header did not.
  const range = (start: number, lines: number) => `${lines === 0 ? start - 1 : start},${lines}`;
  return `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`;
}

/** One jsdiff hunk as old and new lines with their line breaks; a problem string if inconsistent. */
function linesOf(h: StructuredPatchHunk, last: boolean): { old: string[]; new: string[] } | string {
  const old: string[] = [];
  const added: string[] = [];
  // "\ No newline at end of file" may only end a side of the last hunk.
  let oldEnded = false;
  let newEnded = false;
  for (let k = 0; k < h.lines.length; k++) {
    const line = h.lines[k]!;
    const op = line === "" ? " " : line[0];
    if (op === NO_NEWLINE) {
      if (k === 0 || h.lines[k - 1]![0] === NO_NEWLINE) return "a \"\\ No newline at end of file\" line must follow a line of the hunk";
      continue;
    }
    if ((op !== "+" && oldEnded) || (op !== "-" && newEnded)) return "a line without a final newline must be the last of its side";
    const noNewline = h.lines[k + 1]?.[0] === NO_NEWLINE;
    if (noNewline && !last) return "only the last hunk can end the text without a final newline";
    const text = line.slice(1) + (noNewline ? "" : "\n");
    if (op !== "+") old.push(text);
    if (op !== "-") added.push(text);
    if (noNewline && op !== "+") oldEnded = true;
    if (noNewline && op !== "-") newEnded = true;
  }
  return { old, new: added };
}

/**
 * Parses a diff of one file. Everything jsdiff tolerates outside hunks (prose, `diff --git`,
 * `index` lines, file names) is ignored; more than one file, a binary patch, no hunk, too many,
 * or hunks out of order are problems.
 */
export function parseUnifiedDiff(text: string, maxHunks: number): ParsedDiff {
  let files;
  try {
    files = parsePatch(text);
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  const withContent = files.filter((f) => f.hunks.length > 0 || f.oldFileName !== undefined || f.isGit);
  if (withContent.length > 1) return { ok: false, problem: `the diff changes ${withContent.length} files; send one file's diff per document` };
  const file = files.find((f) => f.hunks.length > 0);
  if (!file) return { ok: false, problem: "the diff has no hunk (no line starting with \"@@ -\")" };
  if (file.isBinary) return { ok: false, problem: "a binary patch cannot change a document" };
  if (file.hunks.length > maxHunks) return { ok: false, problem: `the diff has ${file.hunks.length} hunks; at most ${maxHunks} are taken` };
  const hunks: Hunk[] = [];
  let end = 0;
  for (const [i, h] of file.hunks.entries()) {
    const at = headerOf(h);
    if (![h.oldStart, h.oldLines, h.newStart, h.newLines].every(Number.isSafeInteger)) return { ok: false, problem: `hunk ${i + 1} has a malformed header` };
    const lines = linesOf(h, i === file.hunks.length - 1);
    if (typeof lines === "string") return { ok: false, problem: `hunk ${i + 1} (${at}): ${lines}` };
    const start = h.oldStart - 1;
    if (start < end) return { ok: false, problem: `hunk ${i + 1} (${at}) starts before the end of the hunk before it` };
    hunks.push({ number: i + 1, at, start, ...lines });
    end = start + lines.old.length;
  }
  return { ok: true, hunks };
}

/** The text as lines, each with its line break (a last line may have none); "" has no line. */
export function linesWithBreaks(text: string): string[] {
  const lines = text.split("\n");
  const last = lines.pop()!;
  const out = lines.map((line) => `${line}\n`);
  if (last !== "") out.push(last);
  return out;
}

function quote(line: string | undefined): string | null {
  if (line === undefined) return null;
  return line.length > QUOTE_CHARS ? `${line.slice(0, QUOTE_CHARS)}…` : line;
}

/** Applies the hunks at exactly the lines they name: no fuzz, no offset, line breaks as they are. */
export function applyHunks(content: string, hunks: readonly Hunk[]): Applied {
  const lines = linesWithBreaks(content);
  const out: string[] = [];
  let pos = 0;
  for (const hunk of hunks) {
    for (let k = 0; k < hunk.old.length; k++) {
      const found = lines[hunk.start + k];
      if (found !== hunk.old[k]) return { ok: false, hunk: hunk.number, at: hunk.at, line: hunk.start + k + 1, expected: quote(hunk.old[k]), found: quote(found) };
    }
    if (hunk.start > lines.length) return { ok: false, hunk: hunk.number, at: hunk.at, line: hunk.start + 1, expected: null, found: null };
    // Lines added after a last line that has no line break would run into it.
    const before = lines[hunk.start - 1];
    if (hunk.old.length === 0 && hunk.new.length > 0 && before !== undefined && !before.endsWith("\n")) {
      return { ok: false, hunk: hunk.number, at: hunk.at, line: hunk.start, expected: null, found: quote(before) };
    }
    for (let k = pos; k < hunk.start; k++) out.push(lines[k]!);
    for (const line of hunk.new) out.push(line);
    pos = hunk.start + hunk.old.length;
  }
  const tail = hunks.at(-1)?.new.at(-1);
  // The last hunk ends the text without a final newline, yet the document goes on after it.
  if (tail !== undefined && !tail.endsWith("\n") && pos < lines.length) {
    const last = hunks.at(-1)!;
    return { ok: false, hunk: last.number, at: last.at, line: pos + 1, expected: null, found: quote(lines[pos]) };
  }
  for (let k = pos; k < lines.length; k++) out.push(lines[k]!);
  return { ok: true, content: out.join("") };
}
