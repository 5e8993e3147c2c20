// Search words → what each database's full-text index takes, and its highlighted snippets →
// plain text and ranges. Pure, tested with literal tables. The words come from the server's
// searchTerms(): letters, numbers and marks only, so nothing here can become query syntax.
/**
 * FTS5 MATCH text: every word as a quoted string with a prefix `*` (search as you type), all
 * required. Words hold no `"`, so the quoting cannot be broken.
 */
export function fts5Match(terms: readonly string[]): string {
  return terms.map((t) => `"${t}"*`).join(" ");
}

/** PostgreSQL to_tsquery text: every word a quoted prefix lexeme, all required. */
export function pgTsQuery(terms: readonly string[]): string {
  return terms.map((t) => `'${t}':*`).join(" & ");
}

/** Around a highlighted word in the text a database gives back (private-use characters). */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";

/**
 * A snippet with MARK_START/MARK_END around its matches → plain text and the [start, end)
 * ranges of the matches. Stray or nested markers (the document itself may hold these
 * characters) are dropped, never turned into a range that runs past the text.
 */
export function parseMarked(marked: string): { text: string; highlights: [number, number][] } {
  let text = "";
  const highlights: [number, number][] = [];
  let open: number | null = null;
  for (const ch of marked) {
    if (ch === MARK_START) {
      if (open === null) open = text.length;
    } else if (ch === MARK_END) {
      if (open !== null && text.length > open) highlights.push([open, text.length]);
      open = null;
    } else text += ch;
  }
  return { text, highlights };
}
