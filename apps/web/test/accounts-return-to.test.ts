import { describe, expect, it } from "vitest";
import { safeReturnTo, signInPath } from "@/features/accounts/client/return-to.ts";

// `next` on the sign-in page comes from the address bar: only a path of this site is followed.

describe("safeReturnTo", () => {
  it.each([
    ["a document", "/documents/abc", "/documents/abc"],
    ["with query and hash", "/settings?tab=tokens#new", "/settings?tab=tokens#new"],
    ["the home page", "/", "/"],
    ["nothing", null, "/"],
    ["empty", "", "/"],
    ["another origin", "https://evil.example/x", "/"],
    ["protocol-relative", "//evil.example/x", "/"],
    ["backslash (read as /)", "/\\evil.example", "/"],
    ["tab inside (dropped by browsers: //evil)", "/\t/evil.example", "/"],
    ["newline inside", "/\n/evil.example", "/"],
    ["javascript:", "javascript:alert(1)", "/"],
    ["relative without a slash", "documents/abc", "/"],
    ["the sign-in page itself (a loop)", "/sign-in?next=/x", "/"],
    ["the sign-up page", "/sign-up", "/"],
    ["dot segments stay on the site", "/a/../documents/x", "/documents/x"],
    ["encoded slashes stay a path", "/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("%s: %j → %j", (_name, next, expected) => {
    expect(safeReturnTo(next)).toBe(expected);
  });
});

describe("signInPath", () => {
  it("carries where to come back to, encoded", () => {
    expect(signInPath("/documents/a-1")).toBe("/sign-in?next=%2Fdocuments%2Fa-1");
    expect(safeReturnTo(decodeURIComponent(signInPath("/documents/a-1").split("=")[1]!))).toBe("/documents/a-1");
  });
  it("the home page needs no next", () => {
    expect(signInPath("/")).toBe("/sign-in");
    expect(signInPath()).toBe("/sign-in");
  });
});
