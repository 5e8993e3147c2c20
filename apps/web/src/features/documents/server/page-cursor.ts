// The opaque `cursor` of a list page: base64url of a small JSON of the sort key of the last row
// sent. Pure and tested with literal tables; anything that is not exactly what encode() makes
// decodes to null (a 400), never to an exception or to a key of another list.
import { isValidDocumentId, PAGE_CURSOR_MAX_LENGTH } from "@tandem/contract";

/** Documents, newest change first: the last row's change time (ms) and id. */
export interface ListKey {
  kind: "list";
  updatedAt: number;
  id: string;
}

/** Search results, best first: the last row's score (an integer) and id. */
export interface SearchKey {
  kind: "search";
  score: number;
  id: string;
}

/** Revisions, oldest or newest first: the last version sent, and the order it was sent in. */
export interface RevisionKey {
  kind: "revisions";
  version: number;
  newestFirst: boolean;
}

export type PageKey = ListKey | SearchKey | RevisionKey;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(key: PageKey): string {
  const wire = key.kind === "list" ? ["l", key.updatedAt, key.id] : key.kind === "search" ? ["s", key.score, key.id] : [key.newestFirst ? "R" : "r", key.version];
  return Buffer.from(JSON.stringify(wire), "utf8").toString("base64url");
}

function parse(cursor: string): unknown {
  if (cursor.length === 0 || cursor.length > PAGE_CURSOR_MAX_LENGTH || !BASE64URL.test(cursor)) return null;
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

const isId = (v: unknown): v is string => typeof v === "string" && isValidDocumentId(v);

/** The key of a cursor made for a list of `kind`, or null for anything else. */
export function decodeCursor<K extends PageKey["kind"]>(cursor: string, kind: K): Extract<PageKey, { kind: K }> | null {
  const wire = parse(cursor);
  if (!Array.isArray(wire)) return null;
  const [tag, a, b] = wire as unknown[];
  let key: PageKey | null = null;
  if (tag === "l" && wire.length === 3 && Number.isSafeInteger(a) && (a as number) >= 0 && isId(b)) key = { kind: "list", updatedAt: a as number, id: b };
  else if (tag === "s" && wire.length === 3 && Number.isSafeInteger(a) && isId(b)) key = { kind: "search", score: a as number, id: b };
  else if ((tag === "r" || tag === "R") && wire.length === 2 && Number.isSafeInteger(a) && (a as number) >= 0) key = { kind: "revisions", version: a as number, newestFirst: tag === "R" };
  return key?.kind === kind ? (key as Extract<PageKey, { kind: K }>) : null;
}
