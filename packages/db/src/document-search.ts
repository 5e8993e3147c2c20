// Full-text search over the documents a user is a member of: one query per database, because
// the index is each database's own (SQLite FTS5, PostgreSQL tsvector + GIN; see the hand-written
// migration `document_search`). Both rank "higher is better" and break ties by id, so a page
// ends at a (score, id) key the next page starts after.
import type { Provider } from "@tandem/migrate";
import type { PrismaDb } from "./database.ts";
import { fts5Match, MARK_END, MARK_START, parseMarked, pgTsQuery } from "./search-terms.ts";

export interface SearchPage {
  /** Plain words (letters, numbers, marks), at least one. */
  terms: string[];
  /** The last row of the previous page, or null for the first. */
  after: { score: number; id: string } | null;
  limit: number;
}

export interface SearchMatch {
  id: string;
  /** An integer, higher is better. */
  score: number;
}

export type Snippet = ReturnType<typeof parseMarked>;

// Both ranks depend on the document alone, never on the rest of the index: a score (which a
// cursor carries) or an order that moved with other people's documents would tell a caller
// about documents they may not see. So no bm25 on SQLite (its IDF counts every document):
// the score is how many of the words are in the title, then the newest change; PostgreSQL's
// ts_rank weighs title (A, 1.0) over content (B, 0.4) from the document's own vector.
// Scores are integers: a page's last score goes out in a cursor and comes back as a query
// parameter, and an integer survives that trip exactly where a float may not.
/** Above any change time in milliseconds (until the year 2527), times 8 words still below 2⁵³. */
const TITLE_WORD = 2 ** 44;
function sqliteRanked(terms: number): string {
  const titleWords = Array.from({ length: terms }, () => `("DocumentSearch".rowid IN (SELECT rowid FROM "DocumentSearch" WHERE "DocumentSearch" MATCH ?))`).join(" + ");
  return `
  SELECT "id", "score" FROM (
    SELECT d."id" AS "id",
      (${titleWords}) * ${TITLE_WORD} + CAST(round((julianday(d."updatedAt") - 2440587.5) * 86400000) AS INTEGER) AS "score"
    FROM "DocumentSearch"
    JOIN "Document" d ON d.rowid = "DocumentSearch".rowid
    JOIN "DocumentMember" m ON m."documentId" = d."id" AND m."userId" = ?
    WHERE "DocumentSearch" MATCH ? AND d."deletedAt" IS NULL
  )
  WHERE ? IS NULL OR "score" < ? OR ("score" = ? AND "id" > ?)
  ORDER BY "score" DESC, "id" ASC
  LIMIT ?`;
}

const PG_RANKED = `
  SELECT "id", "score" FROM (
    SELECT d."id", round(ts_rank(d."searchVector", q) * 1e9)::bigint AS "score"
    FROM "DocumentMember" m
    JOIN "Document" d ON d."id" = m."documentId"
    CROSS JOIN to_tsquery('simple'::regconfig, $2) q
    WHERE m."userId" = $1 AND d."searchVector" @@ q AND d."deletedAt" IS NULL
  ) ranked
  WHERE $3::bigint IS NULL OR "score" < $3::bigint OR ("score" = $3::bigint AND "id" > $4)
  ORDER BY "score" DESC, "id" ASC
  LIMIT $5`;

/** How many words a snippet holds around the match. */
const SNIPPET_WORDS = 16;
// ts_headline parses all the text it is given: a window of the content around the first place
// the longest word occurs keeps that bounded whatever the document's size.
const HEADLINE_WINDOW = 600;
const HEADLINE_LEAD = 120;
/** SEARCH_INDEXED_CONTENT_CHARS of @tandem/contract: what the migration indexes of content. */
const INDEXED_CONTENT_CHARS = 100_000;

function placeholders(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(", ");
}

export interface DocumentSearch {
  ranked(userId: string, page: SearchPage): Promise<SearchMatch[]>;
  /** A snippet of each document's content around the terms, by id. */
  snippets(ids: string[], terms: string[]): Promise<Map<string, Snippet>>;
}

export function createDocumentSearch(prisma: PrismaDb, provider: Provider): DocumentSearch {
  return {
    async ranked(userId, { terms, after, limit }) {
      const rows =
        provider === "sqlite"
          ? await prisma.$queryRawUnsafe<SearchMatch[]>(sqliteRanked(terms.length), ...terms.map((t) => `{title} : ${fts5Match([t])}`), userId, fts5Match(terms), after?.score ?? null, after?.score ?? null, after?.score ?? null, after?.id ?? null, limit)
          : await prisma.$queryRawUnsafe<SearchMatch[]>(PG_RANKED, userId, pgTsQuery(terms), after?.score ?? null, after?.id ?? null, limit);
      return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
    },

    async snippets(ids, terms) {
      if (ids.length === 0) return new Map();
      let rows: { id: string; snippet: string | null }[];
      if (provider === "sqlite") {
        const sql = `
          SELECT d."id" AS "id", snippet("DocumentSearch", 1, ?, ?, '…', ${SNIPPET_WORDS}) AS "snippet"
          FROM "DocumentSearch" JOIN "Document" d ON d.rowid = "DocumentSearch".rowid
          WHERE "DocumentSearch" MATCH ? AND d."id" IN (${ids.map(() => "?").join(", ")})`;
        rows = await prisma.$queryRawUnsafe(sql, MARK_START, MARK_END, fts5Match(terms), ...ids);
      } else {
        const anchor = terms.reduce((a, b) => (b.length > a.length ? b : a));
        const sql = `
          SELECT d."id", ts_headline('simple'::regconfig,
              substr(d."content", greatest(1, strpos(lower(left(d."content", ${INDEXED_CONTENT_CHARS})), $2) - ${HEADLINE_LEAD}), ${HEADLINE_WINDOW}),
              to_tsquery('simple'::regconfig, $1),
              'StartSel=' || $3 || ', StopSel=' || $4 || ', MaxWords=${SNIPPET_WORDS}, MinWords=${SNIPPET_WORDS / 2}, ShortWord=0'
            ) AS "snippet"
          FROM "Document" d WHERE d."id" IN (${placeholders(5, ids.length)})`;
        rows = await prisma.$queryRawUnsafe(sql, pgTsQuery(terms), anchor, MARK_START, MARK_END, ...ids);
      }
      return new Map(rows.map((r) => [r.id, parseMarked(r.snippet ?? "")]));
    },
  };
}
