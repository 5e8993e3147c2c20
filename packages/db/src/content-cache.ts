/**
 * The content each document had at its last state this process saw, keyed by that state's
 * ETag, so a write can compute its delta without reading the content it replaces first.
 * Bounded by characters held; the least recently used entries go first. Never trusted blindly:
 * a write that uses an entry also requires the row to still be at its ETag.
 */
export interface BaseContent {
  version: number;
  etag: string;
  content: string;
  /** SHA-256 of content, once known. */
  hash: string | null;
}

export class ContentCache {
  private readonly entries = new Map<string, BaseContent>();
  private held = 0;

  constructor(private readonly maxChars = 32 * 1024 * 1024) {}

  /** The entry for the state a write names (its version, and its ETag when it names one). */
  get(documentId: string, version: number, etag: string | undefined): BaseContent | null {
    const entry = this.entries.get(documentId);
    if (!entry || entry.version !== version || (etag !== undefined && entry.etag !== etag)) return null;
    this.entries.delete(documentId);
    this.entries.set(documentId, entry);
    return entry;
  }

  set(documentId: string, entry: BaseContent): void {
    this.forget(documentId);
    if (entry.content.length > this.maxChars / 4) return;
    this.entries.set(documentId, entry);
    this.held += entry.content.length;
    for (const [id, old] of this.entries) {
      if (this.held <= this.maxChars) break;
      this.entries.delete(id);
      this.held -= old.content.length;
    }
  }

  forget(documentId: string): void {
    const old = this.entries.get(documentId);
    if (!old) return;
    this.entries.delete(documentId);
    this.held -= old.content.length;
  }
}
