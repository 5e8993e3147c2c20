import { decodedFromHeld, inflateHeld, type DecodedSnapshot, type HeldSnapshot } from "./revision-content.ts";

interface Entry {
  held: HeldSnapshot;
  /** The planned snapshot versions (`plannedSnapshotVersion`) reads found this snapshot at. */
  plannedAt: Set<number>;
  /** Reads that inflated it. */
  inflates: number;
  /** Its text, kept from its second read on. */
  inflated: Buffer | null;
  /** Bytes it holds: the stored row's, the line starts', and the text's once kept. */
  size: number;
}

/**
 * Reads of a snapshot that inflate it before it is kept inflated: from the second on, it is
 * one many reads build on (the root of a history's chains, or a chain read again), and keeping
 * its text costs its memory once instead of an inflate per read.
 */
export const KEEP_INFLATED_AFTER = 1;

/**
 * Snapshots this process has read, kept as stored (see `HeldSnapshot`), so a read of a version
 * near another one skips the fetch of its snapshot (git's delta-base cache). Never stale: a
 * content row is immutable and named by its SHA-256, and every read checks what it rebuilds
 * from a snapshot (a read that finds one corrupt forgets the document). Keyed by document too,
 * as the rows are; a purge forgets the document. Bounded by bytes held; the least recently
 * used go first. It also remembers which snapshot a planned version led to, so a read can start
 * inflating the one it will most likely need before its chain says which.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, Entry>();
  /** The hashes held, by document: what a chain query need not send again. */
  private readonly byDocument = new Map<string, Set<string>>();
  /** documentId NUL planned version → hash. */
  private readonly planned = new Map<string, string>();
  /** documentId → the held snapshot a read of the document last ended on. */
  private readonly lastEnded = new Map<string, string>();
  private held = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(documentId: string, hash: string): HeldSnapshot | undefined {
    return this.touch(keyOf(documentId, hash))?.held;
  }

  /** Keeps `snapshot`; for one held already, records that it was checked if it now is. */
  set(documentId: string, snapshot: HeldSnapshot): void {
    const key = keyOf(documentId, snapshot.hash);
    const size = sizeOf(snapshot);
    const existing = this.entries.get(key);
    if (existing) {
      existing.held.checked ||= snapshot.checked;
      return;
    }
    if (size > this.maxBytes / 4) return;
    this.entries.set(key, { held: snapshot, plannedAt: new Set(), inflates: 0, inflated: null, size });
    this.held += size;
    const hashes = this.byDocument.get(documentId) ?? new Set<string>();
    this.byDocument.set(documentId, hashes.add(snapshot.hash));
    this.evict();
  }

  /**
   * A held snapshot decoded for one read: inflated on libuv's threads, or its kept text. Its
   * text is kept once it has been inflated KEEP_INFLATED_AFTER times, if it is still held then.
   */
  decode(documentId: string, held: HeldSnapshot): Promise<DecodedSnapshot> {
    const key = keyOf(documentId, held.hash);
    const entry = this.entries.get(key);
    if (entry?.held === held && entry.inflated) return Promise.resolve(decodedFromHeld(held, entry.inflated));
    const decoded = inflateHeld(documentId, held);
    if (entry?.held === held && ++entry.inflates > KEEP_INFLATED_AFTER) {
      decoded.then(
        ({ bytes }) => {
          if (this.entries.get(key) !== entry || entry.inflated || entry.size + bytes.length > this.maxBytes / 4) return;
          entry.inflated = bytes;
          entry.size += bytes.length;
          this.held += bytes.length;
          this.evict();
        },
        () => undefined,
      );
    }
    return decoded;
  }

  private evict(): void {
    for (const [old, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.drop(old, entry);
    }
  }

  /**
   * The held snapshot a read of planned version `plannedVersion` last ended on; for a planned
   * version no read has ended on yet, the one the document's last read ended on (chains whose
   * heads are deltas on one root all end there).
   */
  plannedFor(documentId: string, plannedVersion: number): HeldSnapshot | undefined {
    const hash = this.planned.get(keyOf(documentId, String(plannedVersion))) ?? this.lastEnded.get(documentId);
    return hash === undefined ? undefined : this.get(documentId, hash);
  }

  /** Records that a read of planned version `plannedVersion` ended on the held snapshot `hash`. */
  notePlanned(documentId: string, plannedVersion: number, hash: string): void {
    const entry = this.entries.get(keyOf(documentId, hash));
    if (!entry) return;
    const key = keyOf(documentId, String(plannedVersion));
    const before = this.planned.get(key);
    if (before !== undefined && before !== hash) this.entries.get(keyOf(documentId, before))?.plannedAt.delete(plannedVersion);
    this.planned.set(key, hash);
    entry.plannedAt.add(plannedVersion);
    this.lastEnded.set(documentId, hash);
  }

  /** The hashes of the snapshots held for this document. */
  hashesOf(documentId: string): string[] {
    return [...(this.byDocument.get(documentId) ?? [])];
  }

  forgetDocument(documentId: string): void {
    for (const hash of this.hashesOf(documentId)) {
      const key = keyOf(documentId, hash);
      this.drop(key, this.entries.get(key)!);
    }
  }

  private touch(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.held -= entry.size;
    const documentId = key.slice(0, key.indexOf("\u0000"));
    for (const version of entry.plannedAt) this.planned.delete(keyOf(documentId, String(version)));
    if (this.lastEnded.get(documentId) === entry.held.hash) this.lastEnded.delete(documentId);
    const hashes = this.byDocument.get(documentId);
    hashes?.delete(entry.held.hash);
    if (hashes?.size === 0) this.byDocument.delete(documentId);
  }

  get bytesHeld(): number {
    return this.held;
  }
}

// Document ids never hold a NUL.
const keyOf = (documentId: string, hash: string) => `${documentId}\u0000${hash}`;
const sizeOf = (snapshot: HeldSnapshot) => snapshot.row.data.byteLength + snapshot.lineStarts.byteLength;
