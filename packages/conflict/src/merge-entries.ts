import type { Hunk } from "./diff-lines.ts";
import type { SplitText } from "./intern-lines.ts";

/**
 * One change of the merge, as git's xdiff lists them (its `xdmerge_t`): a
 * change taken from one side, a change both sides made, or a conflict, with
 * the lines it covers in each text, [start, end). Text between entries is
 * unchanged or changed identically by both sides and is taken from mine.
 */
export interface Entry {
  readonly kind: "conflict" | "mine" | "theirs" | "both";
  /**
   * False for a change both sides made with the same single hunk: git never
   * lists those, so unlike listed entries they do not keep two conflicts
   * around them apart (see joinNearConflicts).
   */
  readonly listed: boolean;
  readonly base0: number;
  readonly base1: number;
  readonly mine0: number;
  readonly mine1: number;
  readonly theirs0: number;
  readonly theirs1: number;
}

/**
 * Walks both sides' hunks in base order. Hunks that overlap or touch (no
 * unchanged base line between them) form a region; a region changed by one
 * side is that side's change, else it is a conflict unless both sides ended
 * up with the same lines. With `eager` (git's level for diff3-style output)
 * only a single identical hunk on both sides counts as the same change, as
 * git does when it shows the base: any other region both sides changed is a
 * conflict, even one whose sides end up equal.
 */
export function collectEntries(
  mine: SplitText,
  theirs: SplitText,
  mineHunks: readonly Hunk[],
  theirsHunks: readonly Hunk[],
  eager: boolean,
): Entry[] {
  const entries: Entry[] = [];
  let i = 0;
  let j = 0;
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

    const mineRange = sideRange(mineHunks, firstMine, i, regionStart, regionEnd, mineShift);
    const theirsRange = sideRange(theirsHunks, firstTheirs, j, regionStart, regionEnd, theirsShift);
    mineShift = mineRange.shift;
    theirsShift = theirsRange.shift;
    const entry = (kind: Entry["kind"], listed: boolean): Entry => ({
      kind,
      listed,
      base0: regionStart,
      base1: regionEnd,
      mine0: mineRange.start,
      mine1: mineRange.end,
      theirs0: theirsRange.start,
      theirs1: theirsRange.end,
    });

    if (j === firstTheirs) {
      entries.push(entry("mine", true));
    } else if (i === firstMine) {
      entries.push(entry("theirs", true));
    } else {
      const same = sameLines(mine, mineRange.start, mineRange.end, theirs, theirsRange.start, theirsRange.end);
      const onePair =
        i - firstMine === 1 &&
        j - firstTheirs === 1 &&
        (mineHunks[firstMine] as Hunk).aStart === (theirsHunks[firstTheirs] as Hunk).aStart &&
        (mineHunks[firstMine] as Hunk).aEnd === (theirsHunks[firstTheirs] as Hunk).aEnd;
      if (same && onePair) entries.push(entry("both", false));
      else if (same && !eager) entries.push(entry("both", true));
      else entries.push(entry("conflict", true));
    }
  }
  return entries;
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
