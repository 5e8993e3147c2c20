import { describe, expect, it } from "vitest";
import { documentPath, isApiPath, matchRoute, revisionPath } from "../src/routes.ts";

describe("matchRoute", () => {
  it.each([
    ["/api/documents", "documents", {}],
    ["/api/documents/", "documents", {}],
    ["/api/documents/abc", "document", { id: "abc" }],
    ["/api/documents/abc/", "document", { id: "abc" }],
    ["/api/documents/a%20b/revisions", "revisions", { id: "a%20b" }],
    ["/api/documents/abc/revisions/7", "revision", { id: "abc", version: "7" }],
    ["/api/health", "health", {}],
    ["/api/metrics", "metrics", {}],
  ])("%s → %s", (path, name, params) => {
    const match = matchRoute(path);
    expect(match?.name).toBe(name);
    expect(match?.params).toEqual(params);
  });

  it.each(["/api", "/api/", "/api/documents//revisions", "/api/documents/x/y", "/api/documents/x/revisions/1/2", "/documents/x", "/", "/api/healthz"])(
    "%s matches nothing",
    (path) => {
      expect(matchRoute(path)).toBeNull();
    },
  );

  it("gives each route its methods", () => {
    expect(matchRoute("/api/documents/x")?.methods).toContain("PATCH");
    expect(matchRoute("/api/documents")?.methods).not.toContain("PUT");
    expect(matchRoute("/api/documents/x/revisions")?.methods).toEqual(["GET", "HEAD", "OPTIONS"]);
  });
});

describe("paths", () => {
  it("encodes ids", () => {
    expect(documentPath("a b")).toBe("/api/documents/a%20b");
    expect(revisionPath("x", 3)).toBe("/api/documents/x/revisions/3");
  });
  it("knows API paths", () => {
    expect(isApiPath("/api")).toBe(true);
    expect(isApiPath("/api/x")).toBe(true);
    expect(isApiPath("/apix")).toBe(false);
  });
});
