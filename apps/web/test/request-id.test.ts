import { describe, expect, it } from "vitest";
import { requestIdFrom } from "@/platform/observability/request-id.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdFrom (X-Request-Id)", () => {
  it("keeps a sane incoming id", () => {
    for (const id of ["abc", "req-1.2:3_4", "0f8fad5b-d9cb-469f-a165-70867728950e", "x".repeat(128)]) expect(requestIdFrom(id)).toBe(id);
  });

  it("replaces a missing, repeated, oversized or log-unsafe one with a fresh UUID", () => {
    for (const bad of [undefined, null, "", ["a", "b"], "x".repeat(129), "a b", 'a"b', "a\nb", "{}", "é"]) {
      expect(requestIdFrom(bad)).toMatch(UUID);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
