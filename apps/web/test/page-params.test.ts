import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from "@tandem/contract";
import { describe, expect, it } from "vitest";
import { AppError } from "../src/platform/errors.ts";
import { encodeCursor } from "../src/features/documents/server/page-cursor.ts";
import { nextPageUrl, parseListParams, parseRevisionParams } from "../src/features/documents/server/page-params.ts";

const listCursor = encodeCursor({ kind: "list", updatedAt: 5, id: "d" });
const searchCursor = encodeCursor({ kind: "search", score: 7, id: "d" });

describe("GET /api/documents parameters", () => {
  it.each([
    ["", { q: null, page: { limit: PAGE_LIMIT_DEFAULT, after: null } }],
    ["?limit=1", { q: null, page: { limit: 1, after: null } }],
    [`?limit=${PAGE_LIMIT_MAX}`, { q: null, page: { limit: PAGE_LIMIT_MAX, after: null } }],
    ["?q=%20%20", { q: null, page: { limit: PAGE_LIMIT_DEFAULT, after: null } }],
    ["?q=", { q: null, page: { limit: PAGE_LIMIT_DEFAULT, after: null } }],
    ['?q="a"+-b*', { q: '"a" -b*', page: { limit: PAGE_LIMIT_DEFAULT, after: null } }],
    [`?cursor=${listCursor}`, { q: null, page: { limit: PAGE_LIMIT_DEFAULT, after: { kind: "list", updatedAt: 5, id: "d" } } }],
    [`?q=x&cursor=${searchCursor}&limit=3`, { q: "x", page: { limit: 3, after: { kind: "search", score: 7, id: "d" } } }],
    ["?dryRun=true&other=1", { q: null, page: { limit: PAGE_LIMIT_DEFAULT, after: null } }],
  ])("%s → %j", (search, expected) => {
    expect(parseListParams(search)).toEqual(expected);
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=-1", "limit"],
    ["?limit=01", "limit"],
    ["?limit=1.5", "limit"],
    ["?limit=abc", "limit"],
    ["?limit=", "limit"],
    [`?limit=${PAGE_LIMIT_MAX + 1}`, "limit"],
    ["?limit=99999999999999999999", "limit"],
    ["?limit=1&limit=2", "limit"],
    [`?q=${"a".repeat(201)}`, "q"],
    ["?q=a&q=b", "q"],
    ["?cursor=garbage!", "cursor"],
    [`?cursor=${searchCursor}`, "cursor"],
    [`?q=x&cursor=${listCursor}`, "cursor"],
    ["?cursor=", "cursor"],
  ])("%s is a 400 naming %s", (search, parameter) => {
    let error: unknown;
    try {
      parseListParams(search);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).extensions).toEqual({ parameter });
  });

  it("counts q's length in characters, not UTF-16 units (200 emoji are allowed)", () => {
    expect(parseListParams(`?q=${encodeURIComponent("😀".repeat(200))}`).q).toBe("😀".repeat(200));
  });
});

describe("GET /api/documents/:id/revisions parameters", () => {
  it.each([
    ["", { limit: PAGE_LIMIT_DEFAULT, after: null, newestFirst: false }],
    ["?order=oldest", { limit: PAGE_LIMIT_DEFAULT, after: null, newestFirst: false }],
    ["?order=newest&limit=5", { limit: 5, after: null, newestFirst: true }],
    [`?limit=2&cursor=${encodeCursor({ kind: "revisions", version: 4, newestFirst: false })}`, { limit: 2, after: 4, newestFirst: false }],
    [`?order=newest&cursor=${encodeCursor({ kind: "revisions", version: 9, newestFirst: true })}`, { limit: PAGE_LIMIT_DEFAULT, after: 9, newestFirst: true }],
  ])("%s → %j", (search, expected) => {
    expect(parseRevisionParams(search)).toEqual(expected);
  });

  it.each([
    ["a list cursor", `?cursor=${listCursor}`, "cursor"],
    ["a newest-first cursor, oldest first", `?cursor=${encodeCursor({ kind: "revisions", version: 9, newestFirst: true })}`, "cursor"],
    ["an oldest-first cursor, newest first", `?order=newest&cursor=${encodeCursor({ kind: "revisions", version: 9, newestFirst: false })}`, "cursor"],
    ["an unknown order", "?order=latest", "order"],
    ["order twice", "?order=newest&order=newest", "order"],
  ])("refuses %s (a 400 naming %s)", (_name, search, parameter) => {
    let error: unknown;
    try {
      parseRevisionParams(search);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).extensions).toEqual({ parameter });
  });
});

describe("next page URL", () => {
  it("keeps q and limit and replaces the cursor", () => {
    expect(nextPageUrl("/api/documents", "?q=a+b&limit=2&cursor=old", "NEW")).toBe("/api/documents?q=a+b&limit=2&cursor=NEW");
    expect(nextPageUrl("/api/documents", "", "C")).toBe("/api/documents?cursor=C");
  });
});
