/**
 * A text cut into lines without making a string per line: line i is
 * `text.slice(starts[i], starts[i + 1])`, and `ids[i]` is its interned id
 * (equal lines have equal ids, across every text of one interner).
 *
 * Lines are kept as offsets because a 200k-line merge would otherwise
 * allocate 600k line strings, and collecting them was the largest cost of
 * a large merge; the diff only needs the ids, and the result slices whole
 * runs of lines at once.
 */
export interface SplitText {
  readonly text: string;
  readonly starts: Int32Array;
  readonly ids: Int32Array;
}

/** Number of lines of a split text. */
export function lineCount(split: SplitText): number {
  return split.starts.length - 1;
}

/** Lines [from, to) of a split text as one string. */
export function linesText(split: SplitText, from: number, to: number): string {
  return from >= to ? "" : split.text.slice(split.starts[from], split.starts[to]);
}

/** Lines [from, to) of a split text, one string each. */
export function linesArray(split: SplitText, from: number, to: number): string[] {
  const lines: string[] = [];
  for (let i = from; i < to; i++) lines.push(split.text.slice(split.starts[i], split.starts[i + 1]));
  return lines;
}

// Lines compared at once by splitLike: small enough that most blocks of a
// text with scattered edits are unchanged, big enough to save per-line work.
const BLOCK = 16;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * Gives every distinct line an integer id, so that diffing compares numbers
 * instead of strings: FNV-1a hashes read straight from the flat text, in an
 * open-addressing table that records where each distinct line was first
 * seen. (A Map keyed by line strings would need those strings, and V8 would
 * hash each of them again; this is several times cheaper.)
 */
export class LineInterner {
  private slots = new Int32Array(1024); // id + 1, or 0 for an empty slot
  private hashes = new Int32Array(512);
  // Where the line of each id was first seen: which text, and its bounds there.
  private sourceText = new Int32Array(512);
  private sourceStart = new Int32Array(512);
  private sourceEnd = new Int32Array(512);
  private readonly texts: string[] = [];
  private count = 0;

  /** Number of distinct lines seen so far; ids are 0..size-1. */
  get size(): number {
    return this.count;
  }

  /** Splits `text` into lines (as `splitLines` does) and interns them. */
  splitText(text: string): SplitText {
    const textIndex = this.texts.push(text) - 1;
    const lines = countLines(text);
    this.reserve(this.count + lines);
    const starts = new Int32Array(lines + 1);
    const ids = new Int32Array(lines);
    let start = 0;
    for (let line = 0; line < lines; line++) {
      const newline = text.indexOf("\n", start);
      const end = newline === -1 ? text.length : newline + 1;
      starts[line] = start;
      ids[line] = this.idOf(textIndex, start, end);
      start = end;
    }
    starts[lines] = text.length;
    return { text, starts, ids };
  }

  /**
   * {@link splitText} for a text expected to be mostly the same as
   * `reference` (split by this interner before). Where the text goes on with
   * the reference's lines, they are compared a block at a time and take the
   * reference's ids without hashing; after a block that differs, lines go one
   * at a time for a while (so an edit is not compared against repeatedly),
   * each compared with the reference line it faces and, if different, hashed
   * and looked up; the walk then resumes behind the reference line it
   * matched when that line is unique there.
   */
  splitLike(text: string, reference: SplitText): SplitText {
    const textIndex = this.texts.push(text) - 1;
    const lines = countLines(text);
    this.reserve(this.count + lines);
    const uniqueAt = this.uniquePositions(reference.ids);
    const ref = reference.text;
    const refStarts = reference.starts;
    const refLines = lineCount(reference);
    const starts = new Int32Array(lines + 1);
    const ids = new Int32Array(lines);
    let line = 0;
    let at = 0;
    let j = 0;
    let oneByOne = 0;
    while (line < lines) {
      if (oneByOne === 0 && j + BLOCK <= refLines && line + BLOCK <= lines) {
        const from = refStarts[j] as number;
        const length = (refStarts[j + BLOCK] as number) - from;
        // A block ending with an unterminated last line only matches at the end of the text.
        const blockEndsRef = j + BLOCK === refLines && !ref.endsWith("\n");
        if ((!blockEndsRef || at + length === text.length) && text.slice(at, at + length) === ref.slice(from, from + length)) {
          for (let k = 0; k < BLOCK; k++) {
            starts[line + k] = at + (refStarts[j + k] as number) - from;
            ids[line + k] = reference.ids[j + k] as number;
          }
          line += BLOCK;
          j += BLOCK;
          at += length;
          continue;
        }
        oneByOne = BLOCK;
      }
      if (oneByOne > 0) oneByOne--;
      const newline = text.indexOf("\n", at);
      const end = newline === -1 ? text.length : newline + 1;
      starts[line] = at;
      if (j < refLines && end - at === (refStarts[j + 1] as number) - (refStarts[j] as number)) {
        // The slices die young, which the garbage collector handles cheaply.
        if (text.slice(at, end) === ref.slice(refStarts[j], refStarts[j + 1])) {
          ids[line] = reference.ids[j] as number;
          line++;
          j++;
          at = end;
          continue;
        }
      }
      const id = this.idOf(textIndex, at, end);
      ids[line] = id;
      line++;
      at = end;
      const unique = id < uniqueAt.length ? (uniqueAt[id] as number) : -1;
      if (unique >= j) j = unique + 1;
    }
    starts[lines] = text.length;
    return { text, starts, ids };
  }

  /** For each id, its position in `ids` if it occurs there exactly once, else a negative number. */
  private uniquePositions(ids: Int32Array): Int32Array {
    const DUPLICATE = -2;
    const uniqueAt = new Int32Array(this.count).fill(-1);
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j] as number;
      uniqueAt[id] = uniqueAt[id] === -1 ? j : DUPLICATE;
    }
    return uniqueAt;
  }

  private idOf(textIndex: number, start: number, end: number): number {
    const text = this.texts[textIndex] as string;
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
    const { slots, hashes } = this;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot] as number;
      if (entry === 0) break;
      const id = entry - 1;
      if (hashes[id] === hash && this.sameLine(id, text, start, end)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    hashes[id] = hash;
    this.sourceText[id] = textIndex;
    this.sourceStart[id] = start;
    this.sourceEnd[id] = end;
    slots[slot] = id + 1;
    return id;
  }

  private sameLine(id: number, text: string, start: number, end: number): boolean {
    const from = this.sourceStart[id] as number;
    if ((this.sourceEnd[id] as number) - from !== end - start) return false;
    const other = this.texts[this.sourceText[id] as number] as string;
    return text.slice(start, end) === other.slice(from, from + (end - start));
  }

  /** Grows the tables for `count` distinct lines, keeping the hash table at most half full (short probe runs). */
  private reserve(count: number): void {
    if (count > this.hashes.length) {
      const size = Math.max(count, this.hashes.length * 2);
      this.hashes = grow(this.hashes, size);
      this.sourceText = grow(this.sourceText, size);
      this.sourceStart = grow(this.sourceStart, size);
      this.sourceEnd = grow(this.sourceEnd, size);
    }
    if (count * 2 <= this.slots.length) return;
    let size = this.slots.length;
    while (count * 2 > size) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = (this.hashes[id] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function grow(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size);
  grown.set(array);
  return grown;
}

/** Number of lines `splitLines(text)` returns. */
function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines++;
  return text.length > 0 && !text.endsWith("\n") ? lines + 1 : lines;
}

/** How many times each id occurs in `ids`. */
export function countIds(ids: Int32Array, size: number): Int32Array {
  const counts = new Int32Array(size);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    counts[id] = (counts[id] as number) + 1;
  }
  return counts;
}
