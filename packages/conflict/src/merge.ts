import { BudgetExceeded, WorkBudget } from "./budget.ts";
import { ConflictIds } from "./conflict-id.ts";
import { conflictEol } from "./conflict-eol.ts";
import { diffPrepared, prepareTexts, type Hunk } from "./diff-lines.ts";
import { lineCount, linesArray, linesText, type SplitText } from "./intern-lines.ts";
import { collectEntries, type Entry } from "./merge-entries.ts";
import { joinNearConflicts, refineConflicts } from "./refine-conflicts.ts";
import { splitLines } from "./split-lines.ts";
import type { ConflictChunk, MergeChunk, MergeOptions, MergeResult, StableChunk } from "./types.ts";

/**
 * Three-way merge of `mine` and `theirs`, both edited from `base`, line by line.
 *
 * Each side is diffed against base. A change made by one side only is taken;
 * changes of both sides that overlap or touch (no unchanged base line between
 * them) form a region, which is taken once if both sides ended up with the
 * same lines there and is a conflict otherwise. These are the rules of
 * `git merge-file`, and so are the next two, at its default level: a
 * conflict's mine and theirs lines are diffed against each other and only
 * where they differ stays in conflict; then conflicts at most three lines
 * apart, or separated only by lines without a letter or digit, are joined
 * into one. With `style: "diff3"` both are skipped (git shows whole regions
 * when it shows the base). A merge thus has git's result byte for byte.
 */
export function merge3(base: string, mine: string, theirs: string, options: MergeOptions = {}): MergeResult {
  const budget = new WorkBudget(options.budget);
  const { texts, prepared } = prepareTexts(base, [mine, theirs]);
  const [baseText, mineText, theirsText] = three(texts);
  const [baseIds, mineIds, theirsIds] = three(prepared);
  const diff3 = options.style === "diff3";
  try {
    const mineHunks = diffPrepared(baseIds, mineIds, budget);
    const theirsHunks = mine === theirs ? mineHunks : diffPrepared(baseIds, theirsIds, budget);
    let entries = collectEntries(mineText, theirsText, mineHunks, theirsHunks, diff3);
    if (!diff3) {
      entries = refineConflicts(entries, mineText, theirsText, mineHunks, theirsHunks, budget);
      entries = joinNearConflicts(entries, mineText);
    }
    return new ChunkWriter(baseText, mineText, theirsText, mineHunks, theirsHunks).write(entries);
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return outOfBudget([baseText, mineText, theirsText], error, budget.steps);
  }
}

/**
 * {@link merge3} on texts already split with `splitLines`. Throws a
 * TypeError for arrays `splitLines` could not have produced (an empty line,
 * or a line other than the last without a "\n"), which would otherwise be
 * glued together in the output.
 */
export function mergeLines(
  base: readonly string[],
  mine: readonly string[],
  theirs: readonly string[],
  options: MergeOptions = {},
): MergeResult {
  for (const [name, lines] of [["base", base], ["mine", mine], ["theirs", theirs]] as const) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line === "" || line.indexOf("\n") !== (i < lines.length - 1 || line.endsWith("\n") ? line.length - 1 : -1)) {
        throw new TypeError(`mergeLines: ${name}[${i}] is not a line as splitLines returns them`);
      }
    }
  }
  return merge3(base.join(""), mine.join(""), theirs.join(""), options);
}

function three<T>(items: readonly T[]): readonly [T, T, T] {
  const [a, b, c] = items;
  if (items.length !== 3 || a === undefined || b === undefined || c === undefined) {
    throw new Error("merge3 internal error: expected three texts");
  }
  return [a, b, c];
}

const NO_CHANGES = { conflicts: 0, fromMine: 0, fromTheirs: 0, fromBoth: 0 };

function outOfBudget(texts: readonly [SplitText, SplitText, SplitText], error: BudgetExceeded, steps: number): MergeResult {
  const [baseText, mineText, theirsText] = texts;
  const [base, mine, theirs] = [baseText.text, mineText.text, theirsText.text];
  // Without a diff we can still be exact when one side is unchanged or both
  // sides are the same; only otherwise is the whole document in conflict.
  const stable = (source: StableChunk["source"], text: string): MergeResult => ({
    chunks: text === "" ? [] : [{ kind: "stable", source, text }],
    clean: true,
    counts: { ...NO_CHANGES, [source === "both" ? "fromBoth" : source === "mine" ? "fromMine" : "fromTheirs"]: 1 },
    fallback: null,
  });
  if (mine === theirs) return stable("both", mine);
  if (theirs === base) return stable("mine", mine);
  if (mine === base) return stable("theirs", theirs);
  const [baseLines, mineLines, theirsLines] = [splitLines(base), splitLines(mine), splitLines(theirs)];
  const conflict: ConflictChunk = {
    kind: "conflict",
    id: new ConflictIds().next(baseLines, mineLines, theirsLines),
    base: baseLines,
    mine: mineLines,
    theirs: theirsLines,
    baseStart: 0,
    mineStart: 0,
    theirsStart: 0,
    eol: conflictEol(mineText, 0, theirsText, 0, baseText),
  };
  return {
    chunks: [conflict],
    clean: false,
    counts: { ...NO_CHANGES, conflicts: 1 },
    fallback: { reason: error.reason, steps },
  };
}

class ChunkWriter {
  private readonly chunks: MergeChunk[] = [];
  private readonly ids = new ConflictIds();
  private conflicts = 0;
  private fromMine = 0;
  private fromTheirs = 0;
  private fromBoth = 0;
  // Walk the sides' hunks to tell text they share with base from text both added.
  private mineHunk = 0;
  private theirsHunk = 0;

  constructor(
    private readonly base: SplitText,
    private readonly mine: SplitText,
    private readonly theirs: SplitText,
    private readonly mineHunks: readonly Hunk[],
    private readonly theirsHunks: readonly Hunk[],
  ) {}

  write(entries: readonly Entry[]): MergeResult {
    const { mine, theirs } = this;
    let mineDone = 0;
    let theirsDone = 0;
    for (const entry of entries) {
      this.agreed(mineDone, entry.mine0, theirsDone);
      mineDone = entry.mine1;
      theirsDone = entry.theirs1;
      switch (entry.kind) {
        case "mine":
          this.stable("mine", mine, entry.mine0, entry.mine1);
          this.fromMine++;
          break;
        case "theirs":
          this.stable("theirs", theirs, entry.theirs0, entry.theirs1);
          this.fromTheirs++;
          break;
        case "both":
          this.stable("both", mine, entry.mine0, entry.mine1);
          this.fromBoth++;
          break;
        case "conflict":
          this.conflict(entry);
      }
    }
    this.agreed(mineDone, lineCount(mine), theirsDone);

    return {
      chunks: this.chunks,
      clean: this.conflicts === 0,
      counts: {
        conflicts: this.conflicts,
        fromMine: this.fromMine,
        fromTheirs: this.fromTheirs,
        fromBoth: this.fromBoth,
      },
      fallback: null,
    };
  }

  /**
   * Mine's lines [from, to), which theirs has too, from `theirsFrom` on:
   * unchanged base text where neither side's diff changed them, else lines
   * both sides added.
   */
  private agreed(from: number, to: number, theirsFrom: number): void {
    const { mine, mineHunks, theirsHunks } = this;
    const shift = theirsFrom - from;
    let at = from;
    while (at < to) {
      let mineHunk = mineHunks[this.mineHunk];
      while (mineHunk !== undefined && mineHunk.bEnd <= at) mineHunk = mineHunks[++this.mineHunk];
      let theirsHunk = theirsHunks[this.theirsHunk];
      while (theirsHunk !== undefined && theirsHunk.bEnd <= at + shift) theirsHunk = theirsHunks[++this.theirsHunk];
      const inMine = mineHunk !== undefined && mineHunk.bStart <= at;
      const inTheirs = theirsHunk !== undefined && theirsHunk.bStart <= at + shift;
      // The run goes on while neither side enters or leaves a hunk.
      const mineEdge = mineHunk === undefined ? to : inMine ? mineHunk.bEnd : mineHunk.bStart;
      const theirsEdge = theirsHunk === undefined ? to : (inTheirs ? theirsHunk.bEnd : theirsHunk.bStart) - shift;
      const end = Math.min(to, mineEdge, theirsEdge);
      this.stable(inMine || inTheirs ? "both" : "base", mine, at, end);
      at = end;
    }
  }

  private conflict(entry: Entry): void {
    const { base, mine, theirs } = this;
    const baseLines = linesArray(base, entry.base0, entry.base1);
    const mineLines = linesArray(mine, entry.mine0, entry.mine1);
    const theirsLines = linesArray(theirs, entry.theirs0, entry.theirs1);
    this.chunks.push({
      kind: "conflict",
      id: this.ids.next(baseLines, mineLines, theirsLines),
      base: baseLines,
      mine: mineLines,
      theirs: theirsLines,
      baseStart: entry.base0,
      mineStart: entry.mine0,
      theirsStart: entry.theirs0,
      eol: conflictEol(mine, entry.mine0, theirs, entry.theirs0, base),
    });
    this.conflicts++;
  }

  private stable(source: StableChunk["source"], split: SplitText, start: number, end: number): void {
    if (end <= start) return;
    const text = linesText(split, start, end);
    const last = this.chunks[this.chunks.length - 1];
    if (last !== undefined && last.kind === "stable" && last.source === source) {
      this.chunks[this.chunks.length - 1] = { kind: "stable", source, text: last.text + text };
      return;
    }
    this.chunks.push({ kind: "stable", source, text });
  }
}
