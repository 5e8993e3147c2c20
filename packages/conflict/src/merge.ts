import { BudgetExceeded, WorkBudget } from "./budget.ts";
import { ConflictIds } from "./conflict-id.ts";
import { diffPrepared, prepareTexts, type Hunk } from "./diff-lines.ts";
import { lineCount, linesArray, linesText, type SplitText } from "./intern-lines.ts";
import { splitLines, terminatorOf, type LineTerminator } from "./split-lines.ts";
import type { ConflictChunk, MergeChunk, MergeOptions, MergeResult, StableChunk } from "./types.ts";

/**
 * Three-way merge of `mine` and `theirs`, both edited from `base`, line by line.
 *
 * Each side is diffed against base. A change made by one side only is taken;
 * changes of both sides that overlap or touch (no unchanged base line between
 * them) form a region, which is taken once if both sides ended up with the
 * same lines there and is a conflict otherwise. Lines both sides agree on at
 * the start or end of a conflict are moved out of it, as git does. These are
 * the rules of `git merge-file`, so a merge git calls clean is clean here
 * with the same bytes.
 */
export function merge3(base: string, mine: string, theirs: string, options: MergeOptions = {}): MergeResult {
  const budget = new WorkBudget(options.budget);
  const { texts, prepared } = prepareTexts(base, [mine, theirs]);
  const [baseText, mineText, theirsText] = three(texts);
  const [baseIds, mineIds, theirsIds] = three(prepared);
  const sidesEqual = mine === theirs;
  let mineHunks: Hunk[];
  let theirsHunks: Hunk[];
  try {
    mineHunks = diffPrepared(baseIds, mineIds, budget);
    theirsHunks = sidesEqual ? mineHunks : diffPrepared(baseIds, theirsIds, budget);
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return outOfBudget(base, mine, theirs, error, budget.steps);
  }
  return new ChunkWriter(baseText, mineText, theirsText).write(mineHunks, theirsHunks);
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

function outOfBudget(base: string, mine: string, theirs: string, error: BudgetExceeded, steps: number): MergeResult {
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
    eol: terminatorAround([mineLines, 0], [theirsLines, 0], [baseLines, 0]),
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

  constructor(
    private readonly base: SplitText,
    private readonly mine: SplitText,
    private readonly theirs: SplitText,
  ) {}

  write(mineHunks: readonly Hunk[], theirsHunks: readonly Hunk[]): MergeResult {
    const { base, mine, theirs } = this;
    let i = 0;
    let j = 0;
    let baseDone = 0;
    // Offset of a side's line numbers from base's past its last hunk so far.
    let mineShift = 0;
    let theirsShift = 0;

    while (i < mineHunks.length || j < theirsHunks.length) {
      const firstMine = i;
      const firstTheirs = j;
      const nextMine = mineHunks[i];
      const nextTheirs = theirsHunks[j];
      let regionStart: number;
      let regionEnd: number;
      if (nextTheirs === undefined || (nextMine !== undefined && nextMine.aStart <= nextTheirs.aStart)) {
        regionStart = (nextMine as Hunk).aStart;
        regionEnd = (nextMine as Hunk).aEnd;
        i++;
      } else {
        regionStart = nextTheirs.aStart;
        regionEnd = nextTheirs.aEnd;
        j++;
      }
      // A hunk starting at or before the region's end overlaps or touches it.
      for (;;) {
        const mineHunk = mineHunks[i];
        if (mineHunk !== undefined && mineHunk.aStart <= regionEnd) {
          regionEnd = Math.max(regionEnd, mineHunk.aEnd);
          i++;
          continue;
        }
        const theirsHunk = theirsHunks[j];
        if (theirsHunk !== undefined && theirsHunk.aStart <= regionEnd) {
          regionEnd = Math.max(regionEnd, theirsHunk.aEnd);
          j++;
          continue;
        }
        break;
      }

      this.stable("base", base, baseDone, regionStart);
      baseDone = regionEnd;

      const mineRange = sideRange(mineHunks, firstMine, i, regionStart, regionEnd, mineShift);
      const theirsRange = sideRange(theirsHunks, firstTheirs, j, regionStart, regionEnd, theirsShift);
      mineShift = mineRange.shift;
      theirsShift = theirsRange.shift;

      if (j === firstTheirs) {
        this.stable("mine", mine, mineRange.start, mineRange.end);
        this.fromMine++;
      } else if (i === firstMine) {
        this.stable("theirs", theirs, theirsRange.start, theirsRange.end);
        this.fromTheirs++;
      } else if (sameLines(mine, mineRange.start, mineRange.end, theirs, theirsRange.start, theirsRange.end)) {
        this.stable("both", mine, mineRange.start, mineRange.end);
        this.fromBoth++;
      } else {
        this.conflict(regionStart, regionEnd, mineRange.start, mineRange.end, theirsRange.start, theirsRange.end);
      }
    }
    this.stable("base", base, baseDone, lineCount(base));

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

  private conflict(baseLo: number, baseHi: number, mineLo: number, mineHi: number, theirsLo: number, theirsHi: number): void {
    const { base, mine, theirs } = this;
    // Lines both sides put at the start or end of the region are agreed on;
    // a base line equal to such a line is unchanged text, not part of the conflict.
    while (mineLo < mineHi && theirsLo < theirsHi && mine.ids[mineLo] === theirs.ids[theirsLo]) {
      const unchanged = baseLo < baseHi && base.ids[baseLo] === mine.ids[mineLo];
      if (unchanged) baseLo++;
      this.stable(unchanged ? "base" : "both", mine, mineLo, mineLo + 1);
      mineLo++;
      theirsLo++;
    }
    const tail: Array<StableChunk["source"]> = [];
    while (mineHi > mineLo && theirsHi > theirsLo && mine.ids[mineHi - 1] === theirs.ids[theirsHi - 1]) {
      const unchanged = baseHi > baseLo && base.ids[baseHi - 1] === mine.ids[mineHi - 1];
      if (unchanged) baseHi--;
      tail.push(unchanged ? "base" : "both");
      mineHi--;
      theirsHi--;
    }

    const baseLines = linesArray(base, baseLo, baseHi);
    const mineLines = linesArray(mine, mineLo, mineHi);
    const theirsLines = linesArray(theirs, theirsLo, theirsHi);
    this.chunks.push({
      kind: "conflict",
      id: this.ids.next(baseLines, mineLines, theirsLines),
      base: baseLines,
      mine: mineLines,
      theirs: theirsLines,
      baseStart: baseLo,
      mineStart: mineLo,
      theirsStart: theirsLo,
      eol: terminatorAround([mine, mineLo], [theirs, theirsLo], [base, baseLo]),
    });
    this.conflicts++;

    for (let k = tail.length - 1; k >= 0; k--) {
      const line = mineHi + (tail.length - 1 - k);
      this.stable(tail[k] as StableChunk["source"], mine, line, line + 1);
    }
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

function sideRange(
  hunks: readonly Hunk[],
  first: number,
  end: number,
  regionStart: number,
  regionEnd: number,
  shift: number,
): { start: number; end: number; shift: number } {
  if (end === first) return { start: regionStart + shift, end: regionEnd + shift, shift };
  const firstHunk = hunks[first] as Hunk;
  const lastHunk = hunks[end - 1] as Hunk;
  return {
    start: firstHunk.bStart - (firstHunk.aStart - regionStart),
    end: lastHunk.bEnd + (regionEnd - lastHunk.aEnd),
    shift: lastHunk.bEnd - lastHunk.aEnd,
  };
}

function sameLines(a: SplitText, aStart: number, aEnd: number, b: SplitText, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k++) if (a.ids[aStart + k] !== b.ids[bStart + k]) return false;
  return true;
}

type LinesAt = readonly [SplitText | readonly string[], number];

/**
 * The line ending for a conflict's markers and separators: that of the
 * nearest line break before the conflict in mine (else after it); if mine
 * has none at all (say it is empty), theirs', then base's; else "\n".
 */
function terminatorAround(...candidates: LinesAt[]): LineTerminator {
  for (const [lines, at] of candidates) {
    const line = (i: number): string => (Array.isArray(lines) ? (lines[i] as string) : linesText(lines as SplitText, i, i + 1));
    const count = Array.isArray(lines) ? lines.length : lineCount(lines as SplitText);
    for (let i = Math.min(at, count) - 1; i >= 0; i--) {
      const terminator = terminatorOf(line(i));
      if (terminator !== "") return terminator;
    }
    for (let i = Math.max(at, 0); i < count; i++) {
      const terminator = terminatorOf(line(i));
      if (terminator !== "") return terminator;
    }
  }
  return "\n";
}
