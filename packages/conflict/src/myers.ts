import type { WorkBudget } from "./budget.ts";

/**
 * Marks the elements of `a` and `b` that are not part of one longest common
 * subsequence, with Myers' O(ND) algorithm in linear space: search forward
 * from the start and backward from the end at once, cut the problem where the
 * two searches meet, and recurse on both halves (E. Myers, "An O(ND)
 * Difference Algorithm and Its Variations", 1986, section 4b).
 *
 * Where several minimal diffs exist, the one chosen depends on the order in
 * which diagonals are visited, on how ties are broken and on where the
 * problem is cut; these follow git's xdiff (high diagonals first, a deletion
 * preferred to an insertion on a tie, cut at the far end of the meeting
 * snake), which is why our merges agree with `git merge-file` even on
 * repetitive text. Unlike xdiff, every point stays inside the edit grid,
 * which keeps each cut a point of an optimal path, and there is no cut-off
 * heuristic: the diff is always minimal, and `budget` bounds the work instead.
 *
 * Elements are integers (interned lines) so that every comparison is cheap.
 */
export function markChanges(
  a: Int32Array,
  b: Int32Array,
  changedA: Uint8Array,
  changedB: Uint8Array,
  budget: WorkBudget,
): void {
  new MyersSearch(a, b, changedA, changedB, budget).compare(0, a.length, 0, b.length);
}

// Marks a diagonal the search cannot reach at the current number of edits.
const UNREACHED = -1;

class MyersSearch {
  // Furthest x reached on each diagonal k = x - y (forward: largest x;
  // backward: smallest x), indexed by k + (length of the b range).
  private readonly forward: Int32Array;
  private readonly backward: Int32Array;
  // Where the last split() cut the problem, in absolute coordinates.
  private cutA = 0;
  private cutB = 0;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly changedA: Uint8Array,
    private readonly changedB: Uint8Array,
    private readonly budget: WorkBudget,
  ) {
    const diagonals = a.length + b.length + 1;
    this.forward = new Int32Array(diagonals);
    this.backward = new Int32Array(diagonals);
  }

  compare(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const { a, b } = this;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      aLo++;
      bLo++;
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      aHi--;
      bHi--;
    }
    if (aLo === aHi) {
      this.changedB.fill(1, bLo, bHi);
      return;
    }
    if (bLo === bHi) {
      this.changedA.fill(1, aLo, aHi);
      return;
    }
    this.split(aLo, aHi, bLo, bHi);
    // Each half needs at most half of this range's edits (at least 2 after
    // trimming), so the recursion ends and its depth is logarithmic.
    const { cutA, cutB } = this;
    this.compare(aLo, cutA, bLo, cutB);
    this.compare(cutA, aHi, cutB, bHi);
  }

  /** Finds a point on an optimal path through the range, leaving it in cutA/cutB. */
  private split(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const { a, b, forward, backward, budget } = this;
    const n = aHi - aLo;
    const m = bHi - bLo;
    const delta = n - m;
    const deltaIsOdd = (delta & 1) !== 0;
    const at = m; // index of diagonal 0 in forward/backward

    for (let d = 0; d <= n + m; d++) {
      let steps = 0;

      // Forward, d edits from (0, 0): diagonals -d..d of d's parity, inside the grid.
      const fLo = Math.max(-d, -m + ((d + m) & 1));
      const fHi = Math.min(d, n - ((d + n) & 1));
      for (let k = fHi; k >= fLo; k -= 2) {
        let x: number;
        if (d === 0) {
          x = 0;
        } else {
          // From diagonal k-1 by a deletion (x+1) or from k+1 by an insertion
          // (y+1), if that diagonal was reached and the move stays in the grid.
          let right = k - 1 >= -(d - 1) && k - 1 >= -m ? (forward[k - 1 + at] as number) : UNREACHED;
          if (right >= n) right = UNREACHED;
          let down = k + 1 <= d - 1 && k + 1 <= n ? (forward[k + 1 + at] as number) : UNREACHED;
          if (down !== UNREACHED && down - (k + 1) >= m) down = UNREACHED;
          if (right === UNREACHED && down === UNREACHED) {
            forward[k + at] = UNREACHED;
            steps++;
            continue;
          }
          x = right !== UNREACHED && right >= down ? right + 1 : down;
        }
        const from = x;
        let y = x - k;
        while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
          x++;
          y++;
        }
        forward[k + at] = x;
        steps += 1 + x - from;
        if (deltaIsOdd && k >= delta - (d - 1) && k <= delta + (d - 1)) {
          const met = backward[k + at] as number;
          if (met !== UNREACHED && met <= x) {
            budget.charge(steps);
            this.cutA = aLo + x;
            this.cutB = bLo + y;
            return;
          }
        }
      }

      // Backward, d edits from (n, m): diagonals delta-d..delta+d, inside the grid.
      const bLow = Math.max(delta - d, -m + ((delta + d + m) & 1));
      const bHigh = Math.min(delta + d, n - ((delta + d + n) & 1));
      for (let k = bHigh; k >= bLow; k -= 2) {
        let x: number;
        if (d === 0) {
          x = n;
        } else {
          // From diagonal k-1 by undoing an insertion (y-1) or from k+1 by
          // undoing a deletion (x-1), if reached and the move stays in the grid.
          let up = k - 1 >= delta - (d - 1) && k - 1 >= -m ? (backward[k - 1 + at] as number) : UNREACHED;
          if (up !== UNREACHED && up - (k - 1) <= 0) up = UNREACHED;
          let left = k + 1 <= delta + (d - 1) && k + 1 <= n ? (backward[k + 1 + at] as number) : UNREACHED;
          if (left === 0) left = UNREACHED;
          if (up === UNREACHED && left === UNREACHED) {
            backward[k + at] = UNREACHED;
            steps++;
            continue;
          }
          x = up !== UNREACHED && (left === UNREACHED || up < left) ? up : left - 1;
        }
        const from = x;
        let y = x - k;
        while (x > 0 && y > 0 && a[aLo + x - 1] === b[bLo + y - 1]) {
          x--;
          y--;
        }
        backward[k + at] = x;
        steps += 1 + from - x;
        if (!deltaIsOdd && k >= -d && k <= d) {
          const met = forward[k + at] as number;
          if (met !== UNREACHED && x <= met) {
            budget.charge(steps);
            this.cutA = aLo + x;
            this.cutB = bLo + y;
            return;
          }
        }
      }
      budget.charge(steps);
    }
    throw new Error("merge3 internal error: Myers search found no path");
  }
}
