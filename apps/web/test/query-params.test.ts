import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../src/platform/errors.ts";
import { parseQuery } from "../src/platform/http/query-params.ts";

const schema = z.object({ mode: z.enum(["a", "b"], { error: "`mode` takes a or b." }).optional(), name: z.string().max(3, "`name` is too long.").optional() });

function refusal(search: string): { detail: string; extensions: Record<string, unknown> } | null {
  try {
    parseQuery(schema, search);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.status).toBe(400);
    return { detail: error.detail, extensions: error.extensions };
  }
}

describe("parseQuery (a route's query string against its documented schema)", () => {
  it.each([
    ["", {}],
    ["?mode=a", { mode: "a" }],
    ["?mode=b&name=abc", { mode: "b", name: "abc" }],
    ["?other=1&other=2&_=123", {}],
    ["?name=%F0%9F%98%80", { name: "😀" }],
  ])("%s → %j", (search, expected) => {
    expect(parseQuery(schema, search)).toEqual(expected);
  });

  it.each([
    ["?mode=c", { detail: "`mode` takes a or b.", extensions: { parameter: "mode" } }],
    ["?mode=", { detail: "`mode` takes a or b.", extensions: { parameter: "mode" } }],
    ["?name=abcd", { detail: "`name` is too long.", extensions: { parameter: "name" } }],
    ["?mode=a&mode=a", { detail: "Give `mode` at most once.", extensions: { parameter: "mode" } }],
    ["?name=a&mode=x&name=b", { detail: "Give `name` at most once.", extensions: { parameter: "name" } }],
  ])("%s is a 400: %j", (search, expected) => {
    expect(refusal(search)).toEqual(expected);
  });
});
