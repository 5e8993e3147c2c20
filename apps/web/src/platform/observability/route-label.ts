import { HTTP_METHODS, isApiPath, matchRoute, type RoutePattern } from "@tandem/contract";

// Metric labels must come from a small fixed set: a document id or a raw path as a label value
// would create one time series per document and exhaust the metrics backend.

export type RouteLabel = RoutePattern | "/api/other" | "/_next" | "/" | "/documents/:id" | "other";

export function routeLabel(pathname: string): RouteLabel {
  const route = matchRoute(pathname);
  if (route) return route.pattern;
  if (isApiPath(pathname)) return "/api/other";
  if (pathname.startsWith("/_next/")) return "/_next";
  if (pathname === "/") return "/";
  if (/^\/documents\/[^/]+\/?$/.test(pathname)) return "/documents/:id";
  return "other";
}

/** Methods outside the routable set (TRACE, PROPFIND, made-up ones) share one label. */
export function methodLabel(method: string | undefined): string {
  return method && HTTP_METHODS.has(method) ? method : "OTHER";
}

/** A successful request of one of these changed a document (or created one). */
export function isDocumentWrite(route: RouteLabel, method: string): boolean {
  return (route === "/api/documents" && method === "POST") || (route === "/api/documents/:id" && (method === "PUT" || method === "PATCH" || method === "DELETE"));
}

/** Which precondition a write carried, as a label: the conditional share of writes is worth watching. */
export function preconditionLabel(ifMatch: string | undefined, ifNoneMatch: string | undefined): "if-match" | "if-match-any" | "if-none-match" | "none" {
  if (ifMatch !== undefined) return ifMatch.trim() === "*" ? "if-match-any" : "if-match";
  if (ifNoneMatch !== undefined) return "if-none-match";
  return "none";
}
