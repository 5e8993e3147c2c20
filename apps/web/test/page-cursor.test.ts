import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, type PageKey } from "../src/features/documents/server/page-cursor.ts";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("page cursors", () => {
  it.each<PageKey>([
    { kind: "list", updatedAt: 1_764_500_000_123, id: "doc-1" },
    { kind: "list", updatedAt: 0, id: "a" },
    { kind: "search", score: 123_456_789, id: "x_Y-9" },
    { kind: "search", score: 0, id: "z" },
    { kind: "revisions", version: 50, newestFirst: false },
    { kind: "revisions", version: 7, newestFirst: true },
  ])("round-trips %j, URL-safe and opaque", (key) => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, key.kind)).toEqual(key);
  });

  it.each([
    ["a list cursor for search", encodeCursor({ kind: "list", updatedAt: 1, id: "a" }), "search"],
    ["a search cursor for revisions", encodeCursor({ kind: "search", score: 1, id: "a" }), "revisions"],
    ["empty", "", "list"],
    ["not base64url", "a+b/c=", "list"],
    ["too long", "A".repeat(513), "list"],
    ["not JSON", b64("{nope"), "list"],
    ["an object", b64('{"kind":"list"}'), "list"],
    ["an unknown tag", b64('["x",1,"a"]'), "list"],
    ["a bad id", b64('["l",1,"../etc"]'), "list"],
    ["a negative time", b64('["l",-1,"a"]'), "list"],
    ["a fractional time", b64('["l",1.5,"a"]'), "list"],
    ["a string time", b64('["l","1","a"]'), "list"],
    ["an extra member", b64('["l",1,"a",2]'), "list"],
    ["a float score", b64('["s",0.5,"a"]'), "search"],
    ["a huge score", b64('["s",1e300,"a"]'), "search"],
    ["a missing id", b64('["s",1]'), "search"],
    ["a negative version", b64('["r",-3]'), "revisions"],
    ["a null version", b64('["r",null]'), "revisions"],
  ] as const)("refuses %s", (_name, cursor, kind) => {
    expect(decodeCursor(cursor, kind)).toBeNull();
  });
});
