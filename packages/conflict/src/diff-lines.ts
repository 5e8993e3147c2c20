import type { WorkBudget } from "./budget.ts";
import { countIds, LineInterner, type SplitText } from "./intern-lines.ts";
import { markChanges } from "./myers.ts";

/** One change between two line sequences: lines [aStart, aEnd) of `a` became lines [bStart, bEnd) of `b`. */
export interface Hunk {
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
}

/**
 * A line sequence prepared for diffing: its lines' interned ids (equal lines
 * have equal ids) and how often each id occurs in it.
 */
export interface PreparedLines {
  readonly ids: Int32Array;
  readonly counts: Int32Array;
}

/**
 * Splits `reference` and `others` into lines with one interner, so that their
 * ids are comparable; `others` are expected to be edits of `reference`,
 * which makes splitting them cheap (see `LineInterner.splitLike`).
 */
export function prepareTexts(reference: string, others: readonly string[]): { texts: SplitText[]; prepared: PreparedLines[] } {
  const interner = new LineInterner();
  const referenceText = interner.splitText(reference);
  const texts = [referenceText, ...others.map((text) => interner.splitLike(text, referenceText))];
  return { texts, prepared: texts.map(({ ids }) => ({ ids, counts: countIds(ids, interner.size) })) };
}

/** {@link diffPrepared} for two arrays of lines (or of any strings compared whole). */
export function diffLines(a: readonly string[], b: readonly string[], budget: WorkBudget): Hunk[] {
  const interned = new Map<string, number>();
  const idsOf = (lines: readonly string[]): Int32Array =>
    Int32Array.from(lines, (line) => {
      let id = interned.get(line);
      if (id === undefined) interned.set(line, (id = interned.size));
      return id;
    });
  const idsA = idsOf(a);
  const idsB = idsOf(b);
  return diffPrepared(
    { ids: idsA, counts: countIds(idsA, interned.size) },
    { ids: idsB, counts: countIds(idsB, interned.size) },
    budget,
  );
}

/**
 * The line diff of `a` → `b` as hunks in order, each separated from the next
 * by at least one unchanged line. It is a shortest diff, except that (as in
 * git) a very frequent line amid changed lines may count as changed.
 *
 * Lines shared at both ends are matched outright; of the rest, lines that
 * cannot or had better not match are set aside (see keepMatchable); Myers'
 * algorithm diffs what remains; finally each block of changes is slid to the
 * position git would choose. Every step follows git's xdiff, so ambiguous
 * changes (one blank line deleted among several) come out where
 * `git merge-file` puts them.
 */
export function diffPrepared(a: PreparedLines, b: PreparedLines, budget: WorkBudget): Hunk[] {
  const idsA = a.ids;
  const idsB = b.ids;
  let start = 0;
  let aEnd = idsA.length;
  let bEnd = idsB.length;
  while (start < aEnd && start < bEnd && idsA[start] === idsB[start]) start++;
  while (aEnd > start && bEnd > start && idsA[aEnd - 1] === idsB[bEnd - 1]) {
    aEnd--;
    bEnd--;
  }
  if (start === aEnd && start === bEnd) return [];

  const changedA = new Uint8Array(idsA.length);
  const changedB = new Uint8Array(idsB.length);
  changedA.fill(1, start, aEnd);
  changedB.fill(1, start, bEnd);
  if (start < aEnd && start < bEnd) {
    budget.checkClock();
    budget.charge(aEnd - start + (bEnd - start));
    // Occurrences count over the whole of the other text, as in git: which
    // lines are set aside decides which of several minimal diffs we find.
    const keptA = keepMatchable(idsA, start, aEnd, b.counts);
    const keptB = keepMatchable(idsB, start, bEnd, a.counts);
    const subChangedA = new Uint8Array(keptA.ids.length);
    const subChangedB = new Uint8Array(keptB.ids.length);
    markChanges(keptA.ids, keptB.ids, subChangedA, subChangedB, budget);
    for (let i = 0; i < subChangedA.length; i++) {
      if (subChangedA[i] === 0) changedA[keptA.origin[i] as number] = 0;
    }
    for (let i = 0; i < subChangedB.length; i++) {
      if (subChangedB[i] === 0) changedB[keptB.origin[i] as number] = 0;
    }
  }
  slideChanges(idsA, changedA, changedB);
  slideChanges(idsB, changedB, changedA);
  return collectHunks(changedA, changedB);
}

const NO_MATCH = 0;
const SOME_MATCHES = 1;
const MANY_MATCHES = 2;

/**
 * The lines of ids[lo, hi) worth giving to Myers' algorithm, with their
 * positions. A line with no match in the other text is changed whatever
 * happens, so it is set aside; so is a line with very many matches (at
 * least about √n, like a blank line) that sits among unmatched lines, which
 * keeps a rewritten passage one change instead of one per blank line. Both
 * rules, and their thresholds, are git's, which makes our diffs git's diffs.
 */
function keepMatchable(
  ids: Int32Array,
  lo: number,
  hi: number,
  countInOther: Int32Array,
): { ids: Int32Array; origin: Int32Array } {
  const many = Math.min(roughSqrt(ids.length), 1024);
  const kind = new Uint8Array(hi - lo);
  for (let i = lo; i < hi; i++) {
    const count = countInOther[ids[i] as number] as number;
    kind[i - lo] = count === 0 ? NO_MATCH : count >= many ? MANY_MATCHES : SOME_MATCHES;
  }
  const kept = new Int32Array(hi - lo);
  const origin = new Int32Array(hi - lo);
  let n = 0;
  for (let i = 0; i < kind.length; i++) {
    const k = kind[i];
    if (k === SOME_MATCHES || (k === MANY_MATCHES && !amongUnmatched(kind, i))) {
      kept[n] = ids[lo + i] as number;
      origin[n] = lo + i;
      n++;
    }
  }
  return { ids: kept.subarray(0, n), origin: origin.subarray(0, n) };
}

/** A power of two near √n: git's cheap stand-in for a square root. */
function roughSqrt(n: number): number {
  let root = 1;
  for (let rest = n; rest > 0; rest >>>= 2) root <<= 1;
  return root;
}

/**
 * Whether the many-matches line at `i` lies in a run of unmatched and
 * many-matches lines on both sides (looking at most 100 lines away) in which
 * unmatched lines outnumber the many-matches ones more than three to one.
 */
function amongUnmatched(kind: Uint8Array, i: number): boolean {
  const window = 100;
  let unmatchedBefore = 0;
  let manyBefore = 1;
  for (let j = i - 1; j >= Math.max(0, i - window); j--) {
    if (kind[j] === NO_MATCH) unmatchedBefore++;
    else if (kind[j] === MANY_MATCHES) manyBefore++;
    else break;
  }
  if (unmatchedBefore === 0) return false;
  let unmatchedAfter = 0;
  let manyAfter = 1;
  for (let j = i + 1; j <= Math.min(kind.length - 1, i + window); j++) {
    if (kind[j] === NO_MATCH) unmatchedAfter++;
    else if (kind[j] === MANY_MATCHES) manyAfter++;
    else break;
  }
  if (unmatchedAfter === 0) return false;
  const manyRun = manyBefore + manyAfter;
  return manyRun * 4 < manyRun + unmatchedBefore + unmatchedAfter;
}

/**
 * Normalises where each block of changed lines sits when it could equally sit
 * elsewhere (its first line equals the line after it, or its last line the
 * line before it). Every block is merged with any blocks it can slide into and
 * moved as far down as it goes; then, if on the way it was level with changes
 * in the other file, it is moved back up to the last such position, turning a
 * separate deletion and insertion into one replacement. This is the rule git's
 * xdiff applies (without its indent heuristic, which `git merge-file` does not
 * use); the blocks of the two files move in lockstep because the k-th gap
 * between unchanged lines of one file faces the k-th gap of the other.
 */
function slideChanges(lines: Int32Array, changed: Uint8Array, otherChanged: Uint8Array): void {
  const n = changed.length;
  const m = otherChanged.length;
  // Current block [start, end) in this file and the facing block in the other.
  let start = 0;
  let end = runEnd(changed, 0);
  let otherStart = 0;
  let otherEnd = runEnd(otherChanged, 0);

  for (;;) {
    if (end > start) {
      let size: number;
      let earliestEnd: number;
      let endFacingChanges: number;
      do {
        size = end - start;
        endFacingChanges = -1;
        while (start > 0 && lines[start - 1] === lines[end - 1]) {
          changed[--start] = 1;
          changed[--end] = 0;
          while (start > 0 && changed[start - 1] === 1) start--;
          otherEnd = otherStart - 1;
          otherStart = runStart(otherChanged, otherEnd);
        }
        earliestEnd = end;
        if (otherEnd > otherStart) endFacingChanges = end;
        while (end < n && lines[start] === lines[end]) {
          changed[start++] = 0;
          changed[end++] = 1;
          end = runEnd(changed, end);
          otherStart = otherEnd + 1;
          otherEnd = runEnd(otherChanged, otherStart);
          if (otherEnd > otherStart) endFacingChanges = end;
        }
      } while (size !== end - start);

      if (end !== earliestEnd && endFacingChanges !== -1) {
        while (otherEnd === otherStart) {
          changed[--start] = 1;
          changed[--end] = 0;
          while (start > 0 && changed[start - 1] === 1) start--;
          otherEnd = otherStart - 1;
          otherStart = runStart(otherChanged, otherEnd);
        }
      }
    }
    if (end === n) break;
    start = end + 1;
    end = runEnd(changed, start);
    if (otherEnd === m) throw new Error("merge3 internal error: diff sides out of step");
    otherStart = otherEnd + 1;
    otherEnd = runEnd(otherChanged, otherStart);
  }
}

function runEnd(changed: Uint8Array, from: number): number {
  let i = from;
  while (i < changed.length && changed[i] === 1) i++;
  return i;
}

function runStart(changed: Uint8Array, to: number): number {
  let i = to;
  while (i > 0 && changed[i - 1] === 1) i--;
  return i;
}

function collectHunks(changedA: Uint8Array, changedB: Uint8Array): Hunk[] {
  const hunks: Hunk[] = [];
  const n = changedA.length;
  const m = changedB.length;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && changedA[i] === 0 && changedB[j] === 0) {
      i++;
      j++;
      continue;
    }
    const aStart = i;
    const bStart = j;
    while (i < n && changedA[i] === 1) i++;
    while (j < m && changedB[j] === 1) j++;
    if (i === aStart && j === bStart) throw new Error("merge3 internal error: diff sides out of step");
    hunks.push({ aStart, aEnd: i, bStart, bEnd: j });
  }
  return hunks;
}
