import type { DecodedSnapshot } from "./revision-content.ts";

/**
 * Decoded snapshots this process has read, so a read of a version near another one skips the
 * fetch and the inflate of its snapshot (git's delta-base cache). Never stale: a content row is
 * immutable and named by its SHA-256, and only a snapshot that matched its hash is kept. Keyed
 * by document too, as the rows are; a purge forgets the document. Bounded by bytes held; the
 * least recently used go first.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, DecodedSnapshot>();
  private held = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(documentId: string, hash: string): DecodedSnapshot | undefined {
    const key = keyOf(documentId, hash);
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(documentId: string, snapshot: DecodedSnapshot): void {
    const key = keyOf(documentId, snapshot.hash);
    const size = sizeOf(snapshot);
    if (this.entries.has(key) || size > this.maxBytes / 4) return;
    this.entries.set(key, snapshot);
    this.held += size;
    for (const [old, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(old);
      this.held -= sizeOf(entry);
    }
  }

  forgetDocument(documentId: string): void {
    const prefix = keyOf(documentId, "");
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      this.entries.delete(key);
      this.held -= sizeOf(entry);
    }
  }

  get bytesHeld(): number {
    return this.held;
  }
}

// Document ids never hold a NUL.
const keyOf = (documentId: string, hash: string) => `${documentId}\u0000${hash}`;
const sizeOf = (snapshot: DecodedSnapshot) => snapshot.bytes.length + snapshot.lineStarts.byteLength;
