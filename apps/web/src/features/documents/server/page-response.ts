// A list page as an HTTP answer: the rows as a JSON array, `Link: <…>; rel="next"` when another
// page follows, and a weak ETag of exactly what is sent, so `If-None-Match` gets a 304 while
// the page is unchanged (a page is a view, not a resource state: weak, RFC 9110 §8.8.1).
import { createHash } from "node:crypto";
import { nextLinkHeader } from "@tandem/contract";
import { formatEntityTag } from "@tandem/http-preconditions";
import { empty, headOf, JSON_CONTENT_TYPE, type ApiRequest, type ApiResponse } from "../../../platform/http/api-request.ts";
import { preconditionsOf } from "../../../platform/http/validators.ts";
import { encodeCursor, type PageKey } from "./page-cursor.ts";
import type { ListPage } from "./list-documents.ts";
import { nextPageUrl } from "./page-params.ts";

function digestOf(body: string, link: string | null): string {
  return createHash("sha256").update(body).update("\n").update(link ?? "").digest("base64url").slice(0, 27);
}

export function pageResponse(request: ApiRequest, page: ListPage<unknown, PageKey>): ApiResponse {
  const body = JSON.stringify(page.items);
  const link = page.next ? nextLinkHeader(nextPageUrl(request.pathname, request.search, encodeCursor(page.next))) : null;
  const digest = digestOf(body, link);
  const headers: Record<string, string> = { ETag: formatEntityTag({ weak: true, opaque: digest }), "Cache-Control": "private, no-cache", ...(link ? { Link: link } : {}) };
  const ifNoneMatch = preconditionsOf(request).ifNoneMatch;
  // Weak comparison (what If-None-Match uses): the opaque parts only.
  if (ifNoneMatch && (ifNoneMatch.any || ifNoneMatch.tags.some((t) => t.opaque === digest))) return empty(304, headers);
  if (request.method === "HEAD") return headOf(headers);
  return { status: 200, headers: { "Content-Type": JSON_CONTENT_TYPE, ...headers }, body };
}
