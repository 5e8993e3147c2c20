// `?q=&limit=&cursor=` of a list → what the use cases take; anything malformed is a 400 that
// says which parameter and why. The form of each parameter is page-query.ts's (the schemas the
// OpenAPI document shows); a cursor must also decode to this list's kind. Pure (literal tables).
import { LIST_PARAMS, PAGE_LIMIT_DEFAULT } from "@tandem/contract";
import { AppError } from "../../../platform/errors.ts";
import { parseQuery } from "../../../platform/http/query-params.ts";
import { decodeCursor, type PageKey } from "./page-cursor.ts";
import { CURSOR_MESSAGE, listQuery, revisionsQuery } from "./page-query.ts";

export interface PageParams<K> {
  limit: number;
  /** Where the page starts: after this key (null: from the first row). */
  after: K | null;
}

export interface ListParams {
  /** The search text when `q` holds anything but blanks; null: the plain list. */
  q: string | null;
  page: PageParams<PageKey>;
}

function parseLimit(raw: string | undefined): number {
  return raw === undefined ? PAGE_LIMIT_DEFAULT : Number(raw);
}

/** The schema checked the cursor's form; here it must also be one of this list's own. */
function parseAfter<K extends PageKey["kind"]>(raw: string | undefined, kind: K): Extract<PageKey, { kind: K }> | null {
  if (raw === undefined) return null;
  const key = decodeCursor(raw, kind);
  if (!key) throw new AppError("bad-request", CURSOR_MESSAGE, { parameter: LIST_PARAMS.cursor });
  return key;
}

/** GET /api/documents: a search when `q` has text, else the list; a cursor must be of the same kind. */
export function parseListParams(search: string): ListParams {
  const params = parseQuery(listQuery, search);
  const rawQ = params[LIST_PARAMS.query];
  const q = rawQ !== undefined && rawQ.trim() !== "" ? rawQ : null;
  const limit = parseLimit(params[LIST_PARAMS.limit]);
  const after = parseAfter(params[LIST_PARAMS.cursor], q === null ? "list" : "search");
  return { q, page: { limit, after } };
}

export type RevisionParams = PageParams<number> & { newestFirst: boolean };

/** GET /api/documents/:id/revisions: oldest first unless `order=newest`; a cursor of the other order is a 400. */
export function parseRevisionParams(search: string): RevisionParams {
  const params = parseQuery(revisionsQuery, search);
  const newestFirst = params[LIST_PARAMS.order] === "newest";
  const limit = parseLimit(params[LIST_PARAMS.limit]);
  const after = parseAfter(params[LIST_PARAMS.cursor], "revisions");
  if (after && after.newestFirst !== newestFirst) throw new AppError("bad-request", CURSOR_MESSAGE, { parameter: LIST_PARAMS.cursor });
  return { limit, after: after?.version ?? null, newestFirst };
}

/** The URL of the page after `next`, keeping the query (the same `q` and `limit`). */
export function nextPageUrl(pathname: string, search: string, cursor: string): string {
  const params = new URLSearchParams(search);
  params.set(LIST_PARAMS.cursor, cursor);
  return `${pathname}?${params.toString()}`;
}
