import { describe, expect, it } from "vitest";
import { nextLinkHeader, nextLinkOf } from "../src/headers.ts";

describe("Link: rel=\"next\"", () => {
  it.each([
    [null, null],
    ["", null],
    ['</api/documents?cursor=abc>; rel="next"', "/api/documents?cursor=abc"],
    ["</a>; rel=next", "/a"],
    ['</a>; rel="prev", </b>; rel="next"', "/b"],
    ['</a>; rel="prev next"', "/a"],
    ['</a>; rel="nextish"', null],
    ['</a>; title="next"', null],
    ["garbage", null],
  ])("%j → %j", (header, url) => {
    expect(nextLinkOf(header)).toBe(url);
  });

  it("reads back what it writes", () => {
    expect(nextLinkOf(nextLinkHeader("/api/documents?q=a+b&cursor=Zz_-"))).toBe("/api/documents?q=a+b&cursor=Zz_-");
  });
});
