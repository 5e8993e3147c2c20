// How a revision's content is stored: pure functions, no database. A document's history
// content is a set of rows keyed by the SHA-256 of the content they reconstruct to. A row is
// either a whole snapshot or a line delta against the content before it (its base), and is
// deflated. Reads start at a revision's row and follow base links down to a snapshot; a
// snapshot every SNAPSHOT_EVERY versions keeps that walk short. See README, "Revision storage".
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { deflateRawSync, inflateRaw, inflateRawSync, type InputType, type ZlibOptions } from "node:zlib";
import { diffTexts } from "@tandem/conflict";

/**
 * A version whose number is a multiple of this starts a new chain (a chain head): chains stay
 * this short. The head is a snapshot, or, when the content changed little since the snapshot
 * its base's chain ends on (the root), a delta against that root: an intermediate snapshot.
 */
export const SNAPSHOT_EVERY = 100;
/**
 * The most a head's delta against its root may change, as a share of the content, for the head
 * to be stored as that delta rather than as a snapshot: what every read of its chain fetches
 * and applies on top of the root, which a process holds once for all the chains built on it.
 */
export const MAX_ROOT_DELTA = 1 / 8;
/**
 * Diff steps a head's delta against its root may take (see @tandem/conflict's budget): past
 * it, a snapshot. Scattered edits of a 1 MiB text cost well under a million.
 */
export const ROOT_DIFF_BUDGET = 4_000_000;
/**
 * The version whose content the write policy made the head of `version`'s chain (a snapshot,
 * or a delta on its root): the last multiple of SNAPSHOT_EVERY, or the first version. A guess
 * a read checks against the chain (a rewrite, a resnapshot or a return to older content ends
 * a chain elsewhere), never trusts.
 */
export const plannedSnapshotVersion = (version: number) => Math.max(1, version - (version % SNAPSHOT_EVERY));
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
  /** null: a snapshot whose data the read left out (the process holds that snapshot already). */
  data: Uint8Array | null;
  /** The content's length in UTF-8 bytes, where the read fetched it. */
  size?: number;
}

/**
 * Inflating into one buffer of the content's size is 5× faster than zlib's default of 16 KiB
 * chunks concatenated at the end (measured: a 1 MiB snapshot, 3.5 → 0.6 ms). A size past this
 * (only a corrupt row has one) falls back to the default.
 */
const MAX_INFLATE_CHUNK = 256 * 1024 * 1024;

/**
 * A buffer reused by every rebuild: a read's 1 MiB of bytes lives only until it is hashed and
 * turned into a string. A fresh buffer each time is 1 MiB outside V8's heap per read, which V8
 * counts against the limit that starts a full collection (see `textOf` for what those cost).
 * Rebuilds are synchronous, so one per process is never shared by two. Kept up to `keep`
 * bytes; a larger content gets a buffer of its own.
 */
export class Scratch {
  private buffer = Buffer.alloc(0);
  constructor(private readonly keep = 8 * 1024 * 1024) {}

  take(length: number): Buffer {
    if (length > this.keep) return Buffer.allocUnsafeSlow(length);
    if (this.buffer.length < length) this.buffer = Buffer.allocUnsafeSlow(Math.min(this.keep, Math.max(length, this.buffer.length * 2)));
    return this.buffer;
  }
}
const scratch = new Scratch();

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

function sha256HexOf(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
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

const deflate = (text: string) => deflateRawSync(Buffer.from(text, "utf8"));

export function snapshotPlan(content: string, hash = sha256Hex(content)): ContentPlan {
  return { hash, baseHash: null, size: Buffer.byteLength(content, "utf8"), codec: "deflate", data: deflate(content) };
}

/** A stored content and its hash: the base a delta is computed against. */
export interface BaseText {
  content: string;
  hash: string;
}

/** Whether version `version` starts a chain (see SNAPSHOT_EVERY). */
export const isChainHead = (version: number) => version % SNAPSHOT_EVERY === 0;

/**
 * What to store for `content` as version `version`, given the content it replaces (null when
 * unknown) and, for a chain head, the snapshot that content's chain ends on (`root`, null when
 * unknown). null when `content` is the base's: its row is there already.
 */
export function planContent(content: string, version: number, base: BaseText | null, root: BaseText | null = null, { rootDiffBudget = ROOT_DIFF_BUDGET } = {}): ContentPlan | null {
  const hash = sha256Hex(content);
  if (base && base.hash === hash) return null;
  if (!base) return snapshotPlan(content, hash);
  if (isChainHead(version)) return (root && root.hash !== hash && rootDeltaPlan(content, hash, root, rootDiffBudget)) || snapshotPlan(content, hash);
  const hunks = lineDelta(base.content, content);
  // A rewrite: the snapshot is no bigger than the delta and ends the chain.
  if (changedBy(hunks) * 2 > content.length) return snapshotPlan(content, hash);
  return deltaPlan(content, hash, base.hash, hunks);
}

const changedBy = (hunks: readonly Hunk[]) => hunks.reduce((sum, [, , text]) => sum + text.length, 0);

function deltaPlan(content: string, hash: string, baseHash: string, hunks: readonly Hunk[]): ContentPlan {
  // A small delta is stored as it is: deflate would save a few bytes and cost each read of the
  // chain one more inflate.
  const raw = Buffer.from(JSON.stringify(hunks), "utf8");
  const deflated = raw.length <= SMALL_DELTA ? raw : deflateRawSync(raw);
  const codec: Codec = deflated.length < raw.length * 0.8 ? "deflate" : "raw";
  return { hash, baseHash, size: Buffer.byteLength(content, "utf8"), codec, data: codec === "raw" ? raw : deflated };
}

/**
 * A chain head as a delta against its root, by a line diff (scattered edits since the root
 * are many hunks; `lineDelta` would make them one range): null when the diff runs past its
 * budget or changes more than MAX_ROOT_DELTA of the content, and the head is a snapshot.
 */
function rootDeltaPlan(content: string, hash: string, root: BaseText, maxCost: number): ContentPlan | null {
  const diff = diffTexts(root.content, content, { budget: { maxCost } });
  if (diff.fallback !== null) return null;
  const lines = splitKeepingEnds(content);
  const hunks: Hunk[] = diff.changes.map((change) => [change.beforeStart, change.beforeEnd, lines.slice(change.afterStart, change.afterEnd).join("")]);
  if (changedBy(hunks) > content.length * MAX_ROOT_DELTA) return null;
  return deltaPlan(content, hash, root.hash, hunks);
}

/**
 * The byte ranges ([from, count], from 1 as SQL's substring counts) a snapshot's data of
 * `length` bytes is fetched in, side by side: up to `maxParts` of about `partBytes`.
 */
export function snapshotParts(length: number, partBytes = 96 * 1024, maxParts = 4): [from: number, count: number][] {
  const n = Math.min(maxParts, Math.max(1, Math.ceil(length / partBytes)));
  const size = Math.ceil(length / n);
  const parts: [number, number][] = [];
  for (let from = 0; from < length || parts.length === 0; from += size) parts.push([from + 1, Math.min(size, length - from)]);
  return parts;
}

/**
 * The ranges a read asks for of its planned snapshot before it knows how long the snapshot is,
 * in the same round as the snapshot's length (a second round trip is what it saves): the first
 * `count` parts of `partBytes`. Past the data's end a range comes back empty.
 */
export function leadingParts(partBytes = 96 * 1024, count = 2): [from: number, count: number][] {
  return Array.from({ length: count }, (_, i) => [i * partBytes + 1, partBytes]);
}

/** The ranges still to fetch of `length` bytes whose first `covered` came already (see snapshotParts). */
export function partsAfter(length: number, covered: number, partBytes = 96 * 1024, maxParts = 4): [from: number, count: number][] {
  if (length <= covered) return [];
  return snapshotParts(length - covered, partBytes, maxParts).map(([from, count]) => [from + covered, count]);
}

/** Whether a row written at this depth and chain size should be made a snapshot. */
export function chainTooLong(depth: number, chainBytes: number, size: number): boolean {
  return depth > MAX_DEPTH || chainBytes > Math.max(2 * size, MIN_CHAIN_BYTES);
}

/** A row's stored bytes, and how to inflate them (null: they are the content as they are). */
function storedBytes(documentId: string, row: ChainRow): { bytes: Buffer; inflate: ZlibOptions | null } {
  if (row.data === null) throw new RevisionCorruptError(documentId, row.hash, "no data");
  const bytes = Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
  if (row.codec === "raw") return { bytes, inflate: null };
  if (row.codec !== "deflate") throw new RevisionCorruptError(documentId, row.hash, `unknown codec "${row.codec}"`);
  const size = row.size ?? -1;
  // One byte more than the content: zlib sees the end without asking for a second chunk.
  return { bytes, inflate: size >= 0 && size < MAX_INFLATE_CHUNK ? { chunkSize: Math.max(64, size + 1) } : {} };
}

const cannotInflate = (documentId: string, row: ChainRow, error: unknown) => new RevisionCorruptError(documentId, row.hash, `cannot inflate (${(error as Error).message})`);

function decode(documentId: string, row: ChainRow): Buffer {
  const { bytes, inflate } = storedBytes(documentId, row);
  if (inflate === null) return bytes;
  try {
    return inflateRawSync(bytes, inflate);
  } catch (error) {
    throw cannotInflate(documentId, row, error);
  }
}

const inflateRawOnPool = promisify<InputType, ZlibOptions, Buffer>(inflateRaw);

/** A snapshot decoded once: its bytes, and where its lines start. */
export interface DecodedSnapshot {
  readonly hash: string;
  readonly bytes: Buffer;
  /** One entry per line, and a last one: the length of `bytes`. */
  readonly lineStarts: Int32Array;
  /**
   * Whether `bytes` were hashed against `hash`. A read that rebuilds a later content from the
   * snapshot need not: it checks the whole result, and only names the snapshot when that fails.
   */
  checked: boolean;
}

/** Where each line of `bytes` starts (lines end after "\n", which no UTF-8 sequence contains), then the end. */
function lineStartsOf(bytes: Buffer): Int32Array {
  const starts = [0];
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) starts.push(at + 1);
  if (starts[starts.length - 1] !== bytes.length) starts.push(bytes.length);
  return Int32Array.from(starts);
}

const decodedOf = (row: ChainRow, bytes: Buffer, checked: boolean, known?: Int32Array): DecodedSnapshot => ({
  hash: row.hash,
  bytes,
  // Line starts kept from an earlier decode of the same stored bytes, which inflate to the same bytes.
  lineStarts: known !== undefined && known[known.length - 1] === bytes.length ? known : lineStartsOf(bytes),
  checked,
});
const snapshotRowOnly = (documentId: string, row: ChainRow) => {
  if (row.baseHash !== null) throw new RevisionCorruptError(documentId, row.hash, `base ${row.baseHash} is missing`);
};

/**
 * A snapshot row, decoded; checked against its hash (its checksum) unless `check` is false,
 * for a read that checks what it rebuilds from it (see `reconstruct`).
 */
export function decodeSnapshot(documentId: string, row: ChainRow, { check = true }: { check?: boolean } = {}): DecodedSnapshot {
  snapshotRowOnly(documentId, row);
  const bytes = decode(documentId, row);
  if (check) checkSnapshot(documentId, row.hash, bytes);
  return decodedOf(row, bytes, check);
}

/**
 * A snapshot as a process keeps it between reads: its row as stored (deflated, about a sixth
 * of the text) and where its lines start. Kept decoded, each first read of a chain grew the
 * process by a whole text, and on a virtual machine fresh memory costs about 11 µs a page: 3 ms
 * of a 1 MiB read. Inflated again for each read (`inflateHeld`), on libuv's threads while the
 * read's queries run, into memory the last read let go, until it serves a second read: then
 * the cache keeps it inflated too (SnapshotCache.decode; README, "Benchmark: revision storage").
 */
export interface HeldSnapshot {
  readonly hash: string;
  readonly row: ChainRow & { data: Uint8Array; size: number };
  readonly lineStarts: Int32Array;
  /** Whether its text was ever hashed against `hash`: then no read need hash it again. */
  checked: boolean;
}

/** What to keep of a snapshot `row` a read decoded (the row's data must be there). */
export function heldOf(row: ChainRow, decoded: DecodedSnapshot): HeldSnapshot {
  if (row.data === null || row.hash !== decoded.hash) throw new TypeError("a held snapshot needs its stored data");
  return { hash: row.hash, row: { hash: row.hash, baseHash: null, codec: row.codec, data: row.data, size: decoded.bytes.length }, lineStarts: decoded.lineStarts, checked: decoded.checked };
}

/**
 * A chain's root (a snapshot row with its data) as a chain head's write diffs against it:
 * decoded and checked against its hash; null if there is none or it does not check, and the
 * head is stored as a snapshot.
 */
export function rootTextOf(documentId: string, row: ChainRow | undefined): BaseText | null {
  if (!row) return null;
  try {
    return { hash: row.hash, content: textOf(decodeSnapshot(documentId, row).bytes) };
  } catch (error) {
    if (error instanceof RevisionCorruptError) return null;
    throw error;
  }
}

/** A held snapshot decoded for one read, on libuv's threads. */
export function inflateHeld(documentId: string, held: HeldSnapshot): Promise<DecodedSnapshot> {
  return decodeSnapshotAsync(documentId, held.row, held);
}

/** A held snapshot decoded from bytes it inflated to before (see SnapshotCache.decode). */
export const decodedFromHeld = (held: HeldSnapshot, bytes: Buffer): DecodedSnapshot => decodedOf(held.row, bytes, held.checked, held.lineStarts);

/**
 * A snapshot row decoded unchecked (a read checks what it rebuilds: see `reconstruct`), its
 * inflate on libuv's threads, so that it overlaps the queries the read still waits for. From a
 * held snapshot (`from`), its line starts and whether it was checked come along.
 */
export async function decodeSnapshotAsync(documentId: string, row: ChainRow, from?: Pick<HeldSnapshot, "lineStarts" | "checked">): Promise<DecodedSnapshot> {
  snapshotRowOnly(documentId, row);
  const { bytes, inflate } = storedBytes(documentId, row);
  let content = bytes;
  if (inflate !== null) {
    try {
      content = await inflateRawOnPool(bytes, inflate);
    } catch (error) {
      throw cannotInflate(documentId, row, error);
    }
  }
  return decodedOf(row, content, from?.checked ?? false, from?.lineStarts);
}

function checkSnapshot(documentId: string, hash: string, bytes: Buffer): void {
  if (sha256HexOf(bytes) !== hash) throw new RevisionCorruptError(documentId, hash, "checksum mismatch");
}

/** Marks the snapshot checked, or throws naming it: what a read does before blaming a delta. */
function settleSnapshot(documentId: string, snapshot: DecodedSnapshot): void {
  if (snapshot.checked) return;
  checkSnapshot(documentId, snapshot.hash, snapshot.bytes);
  snapshot.checked = true;
}

/** The changes a delta row holds (unchecked against any base: LineTable.apply checks them). */
function hunksOf(documentId: string, row: ChainRow): Hunk[] {
  try {
    const hunks: unknown = JSON.parse(decode(documentId, row).toString("utf8"));
    if (!Array.isArray(hunks)) throw new TypeError("not a list of changes");
    return hunks as Hunk[];
  } catch (error) {
    if (error instanceof RevisionCorruptError) throw error;
    throw new RevisionCorruptError(documentId, row.hash, `bad delta (${(error as Error).message})`);
  }
}

/**
 * A content being rebuilt from a snapshot, as a list of line ids: ids below the snapshot's
 * line count are its lines, the others lines of the texts deltas inserted (`inserted*`, shared
 * by clones and only ever appended to). A delta splices ids, so a chain of deltas moves small
 * integers, and the result is read run by run of adjacent lines: no per-line strings, no
 * split and join of the whole text.
 */
export class LineTable {
  private constructor(
    private readonly snapshot: DecodedSnapshot,
    private readonly inserted: { chunks: Buffer[]; chunk: number[]; start: number[]; end: number[] },
    private ids: number[],
  ) {}

  static of(snapshot: DecodedSnapshot): LineTable {
    const count = snapshot.lineStarts.length - 1;
    const ids = new Array<number>(count);
    for (let i = 0; i < count; i++) ids[i] = i;
    return new LineTable(snapshot, { chunks: [], chunk: [], start: [], end: [] }, ids);
  }

  /** An independent copy (deltas apply in place). */
  clone(): LineTable {
    return new LineTable(this.snapshot, this.inserted, this.ids.slice());
  }

  get lineCount(): number {
    return this.ids.length;
  }

  /** Applies `hunks` (in order, not overlapping) in place; a RangeError for one out of range. */
  apply(hunks: readonly Hunk[]): this {
    let at = 0;
    for (const hunk of hunks) {
      const [start, end, text] = Array.isArray(hunk) ? hunk : [];
      if (!(Number.isInteger(start) && Number.isInteger(end) && at <= start! && start! <= end! && end! <= this.ids.length && typeof text === "string")) throw new RangeError("delta out of range");
      at = end!;
    }
    if (hunks.length > 1) return this.rebuild(hunks);
    for (const [start, end, text] of hunks) {
      const added = this.addLines(text);
      // splice's arguments are bounded by the stack: a long insertion goes by concatenation.
      if (added.length <= 10_000) {
        this.ids.splice(start, end - start, ...added);
      } else {
        const tail = this.ids.splice(start).slice(end - start);
        for (const id of added) this.ids.push(id);
        for (const id of tail) this.ids.push(id);
      }
    }
    return this;
  }

  /**
   * Several hunks (a head's delta against its root has one per scattered edit) in one pass:
   * a splice each would move the lines after it every time.
   */
  private rebuild(hunks: readonly Hunk[]): this {
    const { ids } = this;
    const next: number[] = [];
    let at = 0;
    for (const [start, end, text] of hunks) {
      while (at < start) next.push(ids[at++]!);
      for (const id of this.addLines(text)) next.push(id);
      at = end;
    }
    while (at < ids.length) next.push(ids[at++]!);
    this.ids = next;
    return this;
  }

  /**
   * Calls `visit` with each run of lines that lie next to each other in the same buffer, in
   * order: together they are the content's bytes.
   */
  private forEachRun(visit: (source: Buffer, start: number, end: number) => void): void {
    const { snapshot, inserted, ids } = this;
    const snapshotLines = snapshot.lineStarts.length - 1;
    let run: Buffer | null = null;
    let runStart = 0;
    let runEnd = 0;
    for (const id of ids) {
      let source: Buffer;
      let start: number;
      let end: number;
      if (id < snapshotLines) {
        source = snapshot.bytes;
        start = snapshot.lineStarts[id]!;
        end = snapshot.lineStarts[id + 1]!;
      } else {
        const k = id - snapshotLines;
        source = inserted.chunks[inserted.chunk[k]!]!;
        start = inserted.start[k]!;
        end = inserted.end[k]!;
      }
      if (source === run && start === runEnd) {
        runEnd = end;
        continue;
      }
      if (run) visit(run, runStart, runEnd);
      run = source;
      runStart = start;
      runEnd = end;
    }
    if (run) visit(run, runStart, runEnd);
  }

  /**
   * The content's bytes, copied once into `scratch` (grown when too small): a view of it, valid
   * until the next call with the same scratch.
   */
  bytesInto(scratch: Scratch): Buffer {
    let length = 0;
    this.forEachRun((_source, start, end) => (length += end - start));
    const target = scratch.take(length);
    let at = 0;
    this.forEachRun((source, start, end) => (at += source.copy(target, at, start, end)));
    return target.subarray(0, length);
  }

  /** SHA-256 (hex) of the content, hashed run by run: nothing is copied. */
  digest(): string {
    const hash = createHash("sha256");
    this.forEachRun((source, start, end) => hash.update(source.subarray(start, end)));
    return hash.digest("hex");
  }

  /** Registers the lines of an inserted text; their ids, in order. */
  private addLines(text: string): number[] {
    if (text.length === 0) return [];
    const bytes = Buffer.from(text, "utf8");
    const { inserted } = this;
    const chunk = inserted.chunks.push(bytes) - 1;
    const ids: number[] = [];
    const snapshotLines = this.snapshot.lineStarts.length - 1;
    for (let start = 0; start < bytes.length; ) {
      const newline = bytes.indexOf(10, start);
      const end = newline === -1 ? bytes.length : newline + 1;
      ids.push(snapshotLines + inserted.chunk.length);
      inserted.chunk.push(chunk);
      inserted.start.push(start);
      inserted.end.push(end);
      start = end;
    }
    return ids;
  }
}

/** The table a row stands for: its snapshot's lines, or its delta applied to `below` (in place). */
export function applyRow(documentId: string, row: ChainRow, below: LineTable): LineTable {
  try {
    return below.apply(hunksOf(documentId, row));
  } catch (error) {
    if (error instanceof RevisionCorruptError) throw error;
    throw new RevisionCorruptError(documentId, row.hash, `bad delta (${(error as Error).message})`);
  }
}

/** That the table is the content `hash` names; else a RevisionCorruptError. */
export function checkTable(documentId: string, hash: string, table: LineTable): void {
  if (table.digest() !== hash) throw new RevisionCorruptError(documentId, hash, "checksum mismatch");
}

/**
 * The content `hash` names, from its rows down to its snapshot (`chain`, in that order, as the
 * read fetched them; the snapshot's data may be left out when `snapshot` is given, decoded
 * already): exact, or a RevisionCorruptError.
 */
export function reconstruct(documentId: string, hash: string, chain: readonly ChainRow[], snapshot?: DecodedSnapshot): string {
  if (chain[0]?.hash !== hash) throw new RevisionCorruptError(documentId, hash, "no stored content");
  for (let i = 0; i < chain.length - 1; i++) {
    if (chain[i]!.baseHash !== chain[i + 1]!.hash) throw new RevisionCorruptError(documentId, chain[i]!.hash, "broken chain");
  }
  const bottom = chain[chain.length - 1]!;
  const decoded = snapshot?.hash === bottom.hash ? snapshot : decodeSnapshot(documentId, bottom);
  if (chain.length === 1) {
    settleSnapshot(documentId, decoded);
    return textOf(decoded.bytes);
  }
  // The result is checked whole, so an unchecked snapshot is checked only when that fails: the
  // fault is then named where it lies (the snapshot, else the delta or the chain).
  const table = LineTable.of(decoded);
  try {
    for (let i = chain.length - 2; i >= 0; i--) applyRow(documentId, chain[i]!, table);
  } catch (error) {
    settleSnapshot(documentId, decoded);
    throw error;
  }
  // One flat string at the end: a string of pieces would only move the copy into the response's
  // JSON.stringify, where it costs more (measured).
  const bytes = table.bytesInto(scratch);
  if (sha256HexOf(bytes) !== hash) {
    settleSnapshot(documentId, decoded);
    throw new RevisionCorruptError(documentId, hash, "checksum mismatch");
  }
  return textOf(bytes);
}

/**
 * The UTF-8 text of `bytes`, as a string on V8's heap, where a short-lived one dies in the next
 * young-generation sweep. Not by the one-byte decoder, though it reads ASCII 20 % sooner: past
 * 1,031,913 bytes Node makes that an external string, whose memory V8 counts against the limit
 * that starts a full collection. Measured over 350 reads of a 1 MiB revision: 15 full
 * collections (2–10 ms pauses) that way, 1 this way.
 */
function textOf(bytes: Buffer): string {
  return bytes.toString("utf8");
}
