// RFC 9110 §8.8.3:
//   entity-tag = [ weak ] opaque-tag      weak = %s"W/"     opaque-tag = DQUOTE *etagc DQUOTE
//   etagc      = %x21 / %x23-7E / obs-text (%x80-FF)
// and §5.6.1 lists: `#entity-tag` with optional whitespace and empty elements tolerated.

export interface EntityTag {
  weak: boolean;
  /** The characters between the quotes. */
  opaque: string;
}

/** `*` (any current representation) or an explicit, non-empty list of tags. */
export type TagCondition = { any: true } | { any: false; tags: EntityTag[] };

export class PreconditionSyntaxError extends Error {
  constructor(
    readonly header: string,
    readonly detail: string,
  ) {
    super(`malformed ${header} header: ${detail}`);
    this.name = "PreconditionSyntaxError";
  }
}

function isEtagc(code: number): boolean {
  return code === 0x21 || (code >= 0x23 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
}

export function isValidOpaque(opaque: string): boolean {
  for (let i = 0; i < opaque.length; i++) if (!isEtagc(opaque.charCodeAt(i))) return false;
  return true;
}

function isOws(ch: string | undefined): boolean {
  return ch === " " || ch === "\t";
}

/**
 * Bounds on one If-Match / If-None-Match value. A client holds one ETag per state it saw; a list
 * longer than this is an attack or a bug, and refusing it (400) keeps every request's parsing
 * cost small and fixed.
 */
export const TAG_CONDITION_LIMITS = { maxLength: 8 * 1024, maxTags: 64 } as const;

/** Trims optional whitespace in one pass (a regex with `[ \t]+$` backtracks quadratically). */
function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value[start])) start++;
  while (end > start && isOws(value[end - 1])) end--;
  return value.slice(start, end);
}

/**
 * Parses an If-Match / If-None-Match field value. Returns null when the header is absent and
 * throws PreconditionSyntaxError on anything the grammar does not allow, so that a garbled
 * precondition is never mistaken for "no precondition" or for a match.
 */
export function parseTagCondition(value: string | null | undefined, header: string, limits: { maxLength: number; maxTags: number } = TAG_CONDITION_LIMITS): TagCondition | null {
  if (value === null || value === undefined) return null;
  if (value.length > limits.maxLength) throw new PreconditionSyntaxError(header, `longer than ${limits.maxLength} characters`);
  const trimmed = trimOws(value);
  if (trimmed === "*") return { any: true };
  const tags: EntityTag[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && (isOws(value[i]) || value[i] === ",")) i++;
    if (i >= n) break;
    let weak = false;
    if (value.startsWith("W/", i)) {
      weak = true;
      i += 2;
    }
    if (value[i] !== '"') {
      if (value[i] === "*") throw new PreconditionSyntaxError(header, '"*" must stand alone');
      throw new PreconditionSyntaxError(header, `expected a quoted entity-tag at position ${i + 1}`);
    }
    const close = value.indexOf('"', i + 1);
    if (close === -1) throw new PreconditionSyntaxError(header, "unterminated entity-tag");
    const opaque = value.slice(i + 1, close);
    if (!isValidOpaque(opaque)) throw new PreconditionSyntaxError(header, "entity-tag holds a character outside %x21 / %x23-7E / %x80-FF");
    tags.push({ weak, opaque });
    if (tags.length > limits.maxTags) throw new PreconditionSyntaxError(header, `more than ${limits.maxTags} entity-tags`);
    i = close + 1;
    while (i < n && isOws(value[i])) i++;
    if (i < n && value[i] !== ",") throw new PreconditionSyntaxError(header, `expected "," after an entity-tag at position ${i + 1}`);
  }
  if (tags.length === 0) throw new PreconditionSyntaxError(header, "no entity-tag given");
  return { any: false, tags };
}

export function formatEntityTag(tag: EntityTag): string {
  return `${tag.weak ? "W/" : ""}"${tag.opaque}"`;
}

/** §8.8.3.2 strong comparison: both strong and identical. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** §8.8.3.2 weak comparison: identical opaque-tags, weakness ignored. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}
