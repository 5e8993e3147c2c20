import type { DecodedSnapshot } from "./revision-content.ts";

/**
 * Decoded snapshots this process has read, so a read of a version near another one skips the
 * fetch and the inflate of its snapshot (git's delta-base cache). Never stale: a content row is
 * immutable and named by its SHA-256, and every read checks what it rebuilds from a snapshot
 * (a read that finds one corrupt forgets the document). Keyed by document too, as the rows
 * are; a purge forgets the document. Bounded by bytes held; the least recently used go first.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, DecodedSnapshot>();
  /** The hashes held, by document: what a chain query need not send again. */
  private readonly byDocument = new Map<string, Set<string>>();
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
    const hashes = this.byDocument.get(documentId) ?? new Set<string>();
    this.byDocument.set(documentId, hashes.add(snapshot.hash));
    for (const [old, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.drop(old, entry);
    }
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

  private drop(key: string, entry: DecodedSnapshot): void {
    this.entries.delete(key);
    this.held -= sizeOf(entry);
    const documentId = key.slice(0, key.indexOf("\u0000"));
    const hashes = this.byDocument.get(documentId);
    hashes?.delete(entry.hash);
    if (hashes?.size === 0) this.byDocument.delete(documentId);
  }

  get bytesHeld(): number {
    return this.held;
  }
}

// Document ids never hold a NUL.
const keyOf = (documentId: string, hash: string) => `${documentId}\u0000${hash}`;
const sizeOf = (snapshot: DecodedSnapshot) => snapshot.bytes.length + snapshot.lineStarts.byteLength;
