import type { DocumentSummary, SearchHit } from "@tandem/contract";
import { documents } from "./documents.ts";
import type { ListKey, SearchKey } from "./page-cursor.ts";
import type { PageParams } from "./page-params.ts";
import { toSearchHit, toSummary } from "./presenters.ts";
import { searchTerms } from "./search-terms.ts";

/** One page of a list, and the key of its last row when another page follows. */
export interface ListPage<T, K> {
  items: T[];
  next: K | null;
}

/** Reads one row more than the page holds: whether it exists says if a next page does. */
export function paged<T, K>(rows: T[], limit: number, keyOf: (row: T) => K): ListPage<T, K> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? keyOf(items.at(-1)!) : null };
}

/** The live documents the user is a member of, most recently changed first. */
export async function listDocuments(userId: string, { limit, after }: PageParams<ListKey>): Promise<ListPage<DocumentSummary, ListKey>> {
  const rows = await documents().listLive(userId, { after: after && { updatedAt: new Date(after.updatedAt), id: after.id }, limit: limit + 1 });
  const page = paged(rows, limit, (row): ListKey => ({ kind: "list", updatedAt: row.updatedAt.getTime(), id: row.id }));
  return { items: page.items.map(toSummary), next: page.next };
}

/**
 * The live documents the user is a member of that hold every word of `q` (in the title or the
 * content), best match first. Text without a word (only punctuation) finds nothing.
 */
export async function searchDocuments(userId: string, q: string, { limit, after }: PageParams<SearchKey>): Promise<ListPage<SearchHit, SearchKey>> {
  const terms = searchTerms(q);
  if (terms.length === 0) return { items: [], next: null };
  const rows = await documents().search(userId, { terms, after: after && { score: after.score, id: after.id }, limit: limit + 1 });
  const page = paged(rows, limit, (row): SearchKey => ({ kind: "search", score: row.score, id: row.id }));
  return { items: page.items.map(toSearchHit), next: page.next };
}
