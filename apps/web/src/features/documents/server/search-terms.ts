// A user's search text → plain words. Pure and tested with a literal table: whatever is typed
// (quotes, `*`, `-`, NEAR, OR, unbalanced brackets) becomes words, so no input is ever query
// syntax for either database and no input can make the query fail.
import { SEARCH_MAX_TERMS } from "@tandem/contract";

/** Longest word kept, in characters (a longer one cannot be a prefix of anything indexed usefully). */
const TERM_MAX_LENGTH = 64;
// The characters both indexes keep in a word (FTS5 unicode61: letters, numbers, marks;
// PostgreSQL's parser splits on the rest too). Everything else separates words.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The distinct words of `q`, lower case, in order, at most SEARCH_MAX_TERMS of them. */
export function searchTerms(q: string): string[] {
  const words = q.normalize("NFKC").toLocaleLowerCase("und").match(WORD) ?? [];
  const unique = [...new Set(words.map((w) => [...w].slice(0, TERM_MAX_LENGTH).join("")))];
  return unique.slice(0, SEARCH_MAX_TERMS);
}
