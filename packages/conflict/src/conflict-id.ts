/**
 * Content-derived conflict ids. A UI keeps the user's per-conflict choices
 * keyed by id; deriving the id from what conflicts (rather than from its
 * position) keeps those choices attached when the merge is recomputed after
 * edits elsewhere in the document.
 */
export class ConflictIds {
  private readonly seen = new Map<string, number>();

  next(base: readonly string[], mine: readonly string[], theirs: readonly string[]): string {
    const hash = new ContentHash();
    for (const section of [base, mine, theirs]) {
      // Length prefixes make the encoding unambiguous whatever the lines contain.
      hash.update(`${section.length}:`);
      for (const line of section) {
        hash.update(`${line.length}:`);
        hash.update(line);
      }
    }
    const id = `c${hash.digest()}`;
    const occurrence = (this.seen.get(id) ?? 0) + 1;
    this.seen.set(id, occurrence);
    return occurrence === 1 ? id : `${id}~${occurrence}`;
  }
}

/** cyrb53 (public domain, bryc): a fast 53-bit string hash, fed incrementally. */
class ContentHash {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  update(text: string): void {
    let { h1, h2 } = this;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  digest(): string {
    let { h1, h2 } = this;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }
}
