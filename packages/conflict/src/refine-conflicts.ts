import type { WorkBudget } from "./budget.ts";
import { countIds, type SplitText } from "./intern-lines.ts";
import { diffPrepared, type Hunk, type PreparedLines } from "./diff-lines.ts";
import type { Entry } from "./merge-entries.ts";

/**
 * git's zealous refinement (`xdl_refine_conflicts` in xdiff/xmerge.c): the
 * mine and theirs lines of each conflict are diffed against each other, and
 * only the places where they differ stay conflicts; lines both sides share
 * (at the edges or in the middle) become ordinary text. A conflict with an
 * empty side is left whole, as git does.
 *
 * The pieces of a conflict get base lines too, which git (showing no base
 * section at this level) does not need: each piece gets the base lines its
 * mine and theirs lines replace, as each side's diff against base says, and
 * base lines claimed by two pieces go to the first.
 */
export function refineConflicts(
  entries: readonly Entry[],
  mine: SplitText,
  theirs: SplitText,
  mineHunks: readonly Hunk[],
  theirsHunks: readonly Hunk[],
  budget: WorkBudget,
): Entry[] {
  const refined: Entry[] = [];
  const mineToBase = new BaseMap(mineHunks);
  const theirsToBase = new BaseMap(theirsHunks);
  for (const entry of entries) {
    if (entry.kind !== "conflict" || entry.mine0 === entry.mine1 || entry.theirs0 === entry.theirs1) {
      refined.push(entry);
      continue;
    }
    const [a, b] = prepareRanges(mine.ids, entry.mine0, entry.mine1, theirs.ids, entry.theirs0, entry.theirs1);
    let baseDone = entry.base0;
    for (const hunk of diffPrepared(a, b, budget)) {
      const mine0 = entry.mine0 + hunk.aStart;
      const mine1 = entry.mine0 + hunk.aEnd;
      const theirs0 = entry.theirs0 + hunk.bStart;
      const theirs1 = entry.theirs0 + hunk.bEnd;
      const base0 = clamp(Math.min(mineToBase.start(mine0), theirsToBase.start(theirs0)), baseDone, entry.base1);
      const base1 = clamp(Math.max(mineToBase.end(mine1), theirsToBase.end(theirs1)), base0, entry.base1);
      baseDone = base1;
      refined.push({ kind: "conflict", listed: true, base0, base1, mine0, mine1, theirs0, theirs1 });
    }
  }
  return refined;
}

/**
 * git's `xdl_simplify_non_conflicts` at its default level (ZEALOUS_ALNUM):
 * two conflicts with no other listed change between them are joined into
 * one, lines between included, when at most three lines of mine separate
 * them, or when none of those lines has an ASCII letter or digit (blank
 * lines, punctuation). A joined conflict takes fewer lines to show than two
 * conflicts and the lines between them.
 */
export function joinNearConflicts(entries: readonly Entry[], mine: SplitText): Entry[] {
  const joined: Entry[] = [];
  let lastListed = -1;
  for (const entry of entries) {
    const previous = joined[lastListed];
    if (
      entry.listed &&
      entry.kind === "conflict" &&
      previous !== undefined &&
      previous.kind === "conflict" &&
      (entry.mine0 - previous.mine1 <= 3 || !linesContainAlnum(mine, previous.mine1, entry.mine0))
    ) {
      // Unlisted changes between the two become part of the conflict.
      joined.length = lastListed;
      joined.push({
        ...previous,
        base1: entry.base1,
        mine1: entry.mine1,
        theirs1: entry.theirs1,
      });
      continue;
    }
    joined.push(entry);
    if (entry.listed) lastListed = joined.length - 1;
  }
  return joined;
}

/** git's `isalnum` is ASCII-only, whatever the locale. */
function linesContainAlnum(split: SplitText, from: number, to: number): boolean {
  const { text, starts } = split;
  for (let at = starts[from] as number, end = starts[to] as number; at < end; at++) {
    const code = text.charCodeAt(at);
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return true;
  }
  return false;
}

/**
 * Lines [lo1, hi1) of one text and [lo2, hi2) of another, prepared to be
 * diffed as texts of their own (git diffs the two sections as separate
 * files): ids renumbered densely so occurrence counts stay small.
 */
function prepareRanges(
  ids1: Int32Array,
  lo1: number,
  hi1: number,
  ids2: Int32Array,
  lo2: number,
  hi2: number,
): [PreparedLines, PreparedLines] {
  const local = new Map<number, number>();
  const renumber = (ids: Int32Array, lo: number, hi: number): Int32Array => {
    const out = new Int32Array(hi - lo);
    for (let k = lo; k < hi; k++) {
      const id = ids[k] as number;
      let mapped = local.get(id);
      if (mapped === undefined) local.set(id, (mapped = local.size));
      out[k - lo] = mapped;
    }
    return out;
  };
  const a = renumber(ids1, lo1, hi1);
  const b = renumber(ids2, lo2, hi2);
  return [
    { ids: a, counts: countIds(a, local.size) },
    { ids: b, counts: countIds(b, local.size) },
  ];
}

/**
 * Maps line positions of a side to base positions through the side's diff
 * against base. Positions must be asked in increasing order (a cursor walks
 * the hunks). A position inside a hunk maps to the hunk's start in base when
 * it starts a range, to its end when it ends one.
 */
class BaseMap {
  private next = 0;

  constructor(private readonly hunks: readonly Hunk[]) {}

  start(position: number): number {
    return this.map(position, "start");
  }

  end(position: number): number {
    return this.map(position, "end");
  }

  private map(position: number, edge: "start" | "end"): number {
    const { hunks } = this;
    while (this.next < hunks.length && (hunks[this.next] as Hunk).bEnd <= position) {
      const hunk = hunks[this.next] as Hunk;
      // A deletion at exactly this position is still ahead of it (the position maps to its start).
      if (hunk.bStart === position) break;
      this.next++;
    }
    const hunk = hunks[this.next];
    if (hunk === undefined) {
      const last = hunks[hunks.length - 1];
      return last === undefined ? position : last.aEnd + (position - last.bEnd);
    }
    if (position <= hunk.bStart) return hunk.aStart - (hunk.bStart - position);
    return edge === "start" ? hunk.aStart : hunk.aEnd;
  }
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(Math.max(value, lo), hi);
}
