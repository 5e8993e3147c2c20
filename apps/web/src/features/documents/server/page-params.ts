// `?q=&limit=&cursor=` of a list → what the use cases take; anything malformed is a 400 that
// says which parameter and why. Pure (tested with literal tables).
import { LIST_PARAMS, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, SEARCH_QUERY_MAX_LENGTH } from "@tandem/contract";
import { AppError } from "../../../platform/errors.ts";
import { decodeCursor, type PageKey } from "./page-cursor.ts";

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

const LIMIT = /^[1-9][0-9]{0,3}$/;

function badParam(name: string, detail: string): AppError {
  return new AppError("bad-request", detail, { parameter: name });
}

/** The one value of a parameter, or null; given twice is a 400 (which one would count?). */
function single(params: URLSearchParams, name: string): string | null {
  const all = params.getAll(name);
  if (all.length > 1) throw badParam(name, `Give \`${name}\` at most once.`);
  return all[0] ?? null;
}

export function parseLimit(raw: string | null): number {
  if (raw === null) return PAGE_LIMIT_DEFAULT;
  if (!LIMIT.test(raw) || Number(raw) > PAGE_LIMIT_MAX) throw badParam(LIST_PARAMS.limit, `\`limit\` must be a whole number from 1 to ${PAGE_LIMIT_MAX}.`);
  return Number(raw);
}

function parseAfter<K extends PageKey["kind"]>(raw: string | null, kind: K): Extract<PageKey, { kind: K }> | null {
  if (raw === null) return null;
  const key = decodeCursor(raw, kind);
  if (!key) throw badParam(LIST_PARAMS.cursor, "`cursor` is not one this list gave out: follow the Link header's rel=\"next\" URL as it is.");
  return key;
}

/** GET /api/documents: a search when `q` has text, else the list; a cursor must be of the same kind. */
export function parseListParams(search: string): ListParams {
  const params = new URLSearchParams(search);
  const rawQ = single(params, LIST_PARAMS.query);
  if (rawQ !== null && [...rawQ].length > SEARCH_QUERY_MAX_LENGTH) throw badParam(LIST_PARAMS.query, `\`q\` may hold at most ${SEARCH_QUERY_MAX_LENGTH} characters.`);
  const q = rawQ !== null && rawQ.trim() !== "" ? rawQ : null;
  const limit = parseLimit(single(params, LIST_PARAMS.limit));
  const after = parseAfter(single(params, LIST_PARAMS.cursor), q === null ? "list" : "search");
  return { q, page: { limit, after } };
}

/** GET /api/documents/:id/revisions. */
export function parseRevisionParams(search: string): PageParams<number> {
  const params = new URLSearchParams(search);
  const limit = parseLimit(single(params, LIST_PARAMS.limit));
  const after = parseAfter(single(params, LIST_PARAMS.cursor), "revisions");
  return { limit, after: after?.version ?? null };
}

/** The URL of the page after `next`, keeping the query (the same `q` and `limit`). */
export function nextPageUrl(pathname: string, search: string, cursor: string): string {
  const params = new URLSearchParams(search);
  params.set(LIST_PARAMS.cursor, cursor);
  return `${pathname}?${params.toString()}`;
}
