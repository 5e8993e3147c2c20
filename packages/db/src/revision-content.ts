// How a revision's content is stored: pure functions, no database. A document's history
// content is a set of rows keyed by the SHA-256 of the content they reconstruct to. A row is
// either a whole snapshot or a line delta against the content before it (its base), and is
// deflated. Reads start at a revision's row and follow base links down to a snapshot; a
// snapshot every SNAPSHOT_EVERY versions keeps that walk short. See README, "Revision storage".
import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";

/** A version whose number is a multiple of this stores a snapshot: chains stay this short. */
export const SNAPSHOT_EVERY = 200;
/** A chain that grew past these (through reverts to old content) gets a snapshot at its head. */
export const MAX_DEPTH = SNAPSHOT_EVERY;
const MIN_CHAIN_BYTES = 256 * 1024;
/** Deltas up to this many bytes are stored uncompressed. */
const SMALL_DELTA = 512;
/** Longest chain a read follows: far beyond MAX_DEPTH, so only a corrupt store reaches it. */
export const READ_DEPTH_LIMIT = 10 * MAX_DEPTH;

export type Codec = "deflate" | "raw";

/** What the write path stores for a new content (none when that content is stored already). */
export interface ContentPlan {
  hash: string;
  /** null: `data` is a snapshot. */
  baseHash: string | null;
  size: number;
  codec: Codec;
  data: Buffer;
}

/** A stored row, as a read fetches it from the revision's content down to its snapshot. */
export interface ChainRow {
  hash: string;
  baseHash: string | null;
  codec: string;
  data: Uint8Array;
}

/** One change of a delta: base lines [start, end) become `text`. */
type Hunk = [start: number, end: number, text: string];

/** Stored content that does not reconstruct to its checksum: a server fault, never bad input. */
export class RevisionCorruptError extends Error {
  constructor(
    readonly documentId: string,
    readonly hash: string,
    detail: string,
  ) {
    super(`stored content ${hash} of document ${documentId} is corrupt: ${detail}`);
    this.name = "RevisionCorruptError";
  }
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Lines with their terminators ("\n", "\r\n"); joined, they are the text byte for byte. */
export function splitKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    if (end === -1) {
      lines.push(text.slice(start));
      break;
    }
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
  return lines;
}

/**
 * The delta base → next: lines both share at the start and at the end are kept, the rest is
 * one replaced range. Linear and allocation-light, so it is bounded for any input; an edit in
 * one place (what an editor's save is) costs its own size. Scattered edits cost the range
 * between them; past half the content the caller stores a snapshot instead.
 */
export function lineDelta(base: string, next: string): Hunk[] {
  const a = splitKeepingEnds(base);
  const b = splitKeepingEnds(next);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let aEnd = a.length;
  let bEnd = b.length;
  while (aEnd > start && bEnd > start && a[aEnd - 1] === b[bEnd - 1]) {
    aEnd--;
    bEnd--;
  }
  if (start === aEnd && start === bEnd) return [];
  return [[start, aEnd, b.slice(start, bEnd).join("")]];
}

/**
 * Applies `hunks` (in order, not overlapping) to `lines` in place and returns it: a native
 * splice per hunk, from the last to the first, so a read of a long chain moves pointers rather
 * than copying the document once per delta.
 */
export function applyDelta(lines: string[], hunks: readonly Hunk[]): string[] {
  let at = 0;
  for (const [start, end, text] of hunks) {
    if (!(Number.isInteger(start) && Number.isInteger(end) && at <= start && start <= end && end <= lines.length && typeof text === "string")) throw new RangeError("delta out of range");
    at = end;
  }
  for (let i = hunks.length - 1; i >= 0; i--) {
    const [start, end, text] = hunks[i]!;
    const inserted = splitKeepingEnds(text);
    // splice's arguments are bounded by the stack: a long insertion goes by concatenation.
    if (inserted.length <= 10_000) {
      lines.splice(start, end - start, ...inserted);
    } else {
      const tail = lines.splice(start).slice(end - start);
      for (const line of inserted) lines.push(line);
      for (const line of tail) lines.push(line);
    }
  }
  return lines;
}

const deflate = (text: string) => deflateRawSync(Buffer.from(text, "utf8"));

export function snapshotPlan(content: string, hash = sha256Hex(content)): ContentPlan {
  return { hash, baseHash: null, size: Buffer.byteLength(content, "utf8"), codec: "deflate", data: deflate(content) };
}

/**
 * What to store for `content` as version `version`, given the content it replaces (null when
 * unknown). null when `content` is the base's: its row is there already.
 */
export function planContent(content: string, version: number, base: { content: string; hash: string } | null): ContentPlan | null {
  const hash = sha256Hex(content);
  if (base && base.hash === hash) return null;
  if (!base || version % SNAPSHOT_EVERY === 0) return snapshotPlan(content, hash);
  const hunks = lineDelta(base.content, content);
  const changed = hunks.reduce((sum, [, , text]) => sum + text.length, 0);
  // A rewrite: the snapshot is no bigger than the delta and ends the chain.
  if (changed * 2 > content.length) return snapshotPlan(content, hash);
  // A small delta is stored as it is: deflate would save a few bytes and cost each read of the
  // chain one more inflate.
  const raw = Buffer.from(JSON.stringify(hunks), "utf8");
  const deflated = raw.length <= SMALL_DELTA ? raw : deflateRawSync(raw);
  const codec: Codec = deflated.length < raw.length * 0.8 ? "deflate" : "raw";
  return { hash, baseHash: base.hash, size: Buffer.byteLength(content, "utf8"), codec, data: codec === "raw" ? raw : deflated };
}

/** Whether a row written at this depth and chain size should be made a snapshot. */
export function chainTooLong(depth: number, chainBytes: number, size: number): boolean {
  return depth > MAX_DEPTH || chainBytes > Math.max(2 * size, MIN_CHAIN_BYTES);
}

function decode(documentId: string, row: ChainRow): string {
  const bytes = Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
  if (row.codec === "raw") return bytes.toString("utf8");
  if (row.codec === "deflate") {
    try {
      return inflateRawSync(bytes).toString("utf8");
    } catch (error) {
      throw new RevisionCorruptError(documentId, row.hash, `cannot inflate (${(error as Error).message})`);
    }
  }
  throw new RevisionCorruptError(documentId, row.hash, `unknown codec "${row.codec}"`);
}

/**
 * The lines one row stands for: a snapshot's own, or its delta applied to `baseLines` (the
 * lines of the content its baseHash names; changed in place). Unchecked: callers check the
 * joined text's hash.
 */
export function linesOfRow(documentId: string, row: ChainRow, baseLines: string[] | null): string[] {
  if (row.baseHash === null) return splitKeepingEnds(decode(documentId, row));
  if (baseLines === null) throw new RevisionCorruptError(documentId, row.hash, `base ${row.baseHash} is missing`);
  try {
    const hunks = JSON.parse(decode(documentId, row)) as Hunk[];
    if (!Array.isArray(hunks)) throw new TypeError("not a list of changes");
    return applyDelta(baseLines, hunks);
  } catch (error) {
    if (error instanceof RevisionCorruptError) throw error;
    throw new RevisionCorruptError(documentId, row.hash, `bad delta (${(error as Error).message})`);
  }
}

/** The joined lines, if they are the content `hash` names; else a RevisionCorruptError. */
export function checked(documentId: string, hash: string, lines: readonly string[]): string {
  const content = lines.join("");
  if (sha256Hex(content) !== hash) throw new RevisionCorruptError(documentId, hash, "checksum mismatch");
  return content;
}

/**
 * The content `hash` names, from its rows down to the snapshot (`chain`, in that order, as the
 * read fetched them): exact, or a RevisionCorruptError.
 */
export function reconstruct(documentId: string, hash: string, chain: readonly ChainRow[]): string {
  if (chain[0]?.hash !== hash) throw new RevisionCorruptError(documentId, hash, "no stored content");
  let lines: string[] | null = null;
  for (let i = chain.length - 1; i >= 0; i--) {
    const row = chain[i]!;
    if (i < chain.length - 1 && row.baseHash !== chain[i + 1]!.hash) throw new RevisionCorruptError(documentId, row.hash, "broken chain");
    lines = linesOfRow(documentId, row, lines);
  }
  return checked(documentId, hash, lines!);
}
