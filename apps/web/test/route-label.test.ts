import { describe, expect, it } from "vitest";
import { isDocumentWrite, methodLabel, preconditionLabel, routeLabel } from "@/platform/observability/route-label.ts";

describe("routeLabel: a path → one of a few fixed patterns", () => {
  it.each([
    ["/api/documents", "/api/documents"],
    ["/api/documents/", "/api/documents"],
    ["/api/documents/e94b947a-0000-4000-8000-000000000000", "/api/documents/:id"],
    ["/api/documents/draft-42/", "/api/documents/:id"],
    ["/api/documents/draft-42/revisions", "/api/documents/:id/revisions"],
    ["/api/documents/draft-42/revisions/17", "/api/documents/:id/revisions/:version"],
    ["/api/documents/a/b/c/d/e", "/api/other"],
    ["/api/health", "/api/health"],
    ["/api/metrics", "/api/metrics"],
    ["/api/whatever/else", "/api/other"],
    ["/api", "/api/other"],
    ["/_next/static/chunks/x.js", "/_next"],
    ["/", "/"],
    ["/documents/draft-42", "/documents/:id"],
    ["/favicon.ico", "other"],
    ["/wp-login.php", "other"],
  ])("%s → %s", (path, label) => {
    expect(routeLabel(path)).toBe(label);
  });

  it("never returns anything taken from the path itself", () => {
    for (let i = 0; i < 200; i++) {
      const junk = Math.random().toString(36).slice(2);
      for (const path of [`/api/documents/${junk}`, `/api/${junk}`, `/${junk}`, `/documents/${junk}/revisions/${junk}`]) {
        expect(routeLabel(path)).not.toContain(junk);
      }
    }
  });
});

describe("methodLabel", () => {
  it("keeps the routable methods and folds everything else into OTHER", () => {
    expect(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].map(methodLabel)).toEqual(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
    expect(["TRACE", "PROPFIND", "get", "X".repeat(100), undefined].map(methodLabel)).toEqual(Array(5).fill("OTHER"));
  });
});

describe("isDocumentWrite", () => {
  it("is POST on the collection and PUT, PATCH, DELETE on a document", () => {
    expect(isDocumentWrite("/api/documents", "POST")).toBe(true);
    for (const m of ["PUT", "PATCH", "DELETE"]) expect(isDocumentWrite("/api/documents/:id", m)).toBe(true);
    expect(isDocumentWrite("/api/documents", "GET")).toBe(false);
    expect(isDocumentWrite("/api/documents/:id", "GET")).toBe(false);
    expect(isDocumentWrite("/api/documents/:id", "POST")).toBe(false);
    expect(isDocumentWrite("/api/documents/:id/revisions", "PUT")).toBe(false);
  });
});

describe("preconditionLabel", () => {
  it.each([
    ['"3.abc"', undefined, "if-match"],
    ['"3.abc", "4.def"', undefined, "if-match"],
    ["*", undefined, "if-match-any"],
    [" * ", undefined, "if-match-any"],
    [undefined, "*", "if-none-match"],
    [undefined, undefined, "none"],
  ] as const)("If-Match %s, If-None-Match %s → %s", (ifMatch, ifNoneMatch, label) => {
    expect(preconditionLabel(ifMatch, ifNoneMatch)).toBe(label);
  });
});
