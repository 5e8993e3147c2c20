// Input limits the server enforces and the UI mirrors (maxLength, counters).

export const TITLE_MAX_LENGTH = 500;
export const AUTHOR_MAX_LENGTH = 80;
/**
 * An edit summary: one line of at most this many characters, counted as Unicode code points
 * (as titles are), so an emoji counts once. The UI's maxLength counts UTF-16 units, which is
 * never more lenient.
 */
export const SUMMARY_MAX_LENGTH = 200;
/**
 * Characters that text shown to other people (names, edit summaries) may not hold: control
 * characters (line breaks and tabs included), zero-width characters, line/paragraph separators
 * and bidirectional overrides and isolates (U+202E makes "Ann" read as something else).
 */
export const UNSAFE_DISPLAY_CHARACTERS = /[\p{Cc}\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/u;
/** The default largest request body; a deployment may change it with MAX_BODY_BYTES. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

// Client-made ids (offline drafts) share the URL space with server-made UUIDs: URL-safe,
// bounded, nothing to escape in a path segment, a header or a log line.
const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const DOCUMENT_ID_RULE = "1–64 characters of A–Z, a–z, 0–9, '-' and '_', starting with a letter or digit";

export function isValidDocumentId(id: string): boolean {
  return DOCUMENT_ID.test(id);
}

/** Revision numbers in a URL: a positive integer without leading zeros, below a billion. */
const REVISION_NUMBER = /^[1-9][0-9]{0,8}$/;

export function parseRevisionNumber(segment: string): number | null {
  return REVISION_NUMBER.test(segment) ? Number(segment) : null;
}

/**
 * The web editor saves a document whose content is larger than this (UTF-8 bytes) as a
 * `text/x-diff` patch against its base, so a one-line edit of a large document sends a few
 * hundred bytes instead of all of it.
 */
export const DIFF_SAVE_THRESHOLD_BYTES = 64 * 1024;
/** The most hunks a `text/x-diff` patch may have. */
export const DIFF_MAX_HUNKS = 10_000;

// Lists (documents, search results, revisions) come in pages: `?limit=` rows at most, the next
// page behind the `Link: <…>; rel="next"` header's URL (an opaque `cursor`).
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;
/** Longest `cursor` the server decodes; anything longer is a 400 without a look inside. */
export const PAGE_CURSOR_MAX_LENGTH = 512;
/** Longest `q` of a search, in characters; longer is a 400. */
export const SEARCH_QUERY_MAX_LENGTH = 200;
/** Words of `q` that count; the rest are ignored (every word is one more index look-up). */
export const SEARCH_MAX_TERMS = 8;
/**
 * How much of a document's content the search index holds, in characters (the title always
 * whole): PostgreSQL refuses a tsvector over 1 MB, and a 4 MiB body of short distinct words
 * would reach it. Both databases index the same prefix, so they find the same documents.
 */
export const SEARCH_INDEXED_CONTENT_CHARS = 100_000;
