import { describe, expect, it } from "vitest";
import { evaluatePreconditions, hasWritePrecondition, parsePreconditions, type CurrentState, type Outcome } from "../src/index.ts";

const current: CurrentState = {
  etag: { weak: false, opaque: "7.abc" },
  lastModified: new Date("2026-11-22T10:00:00.750Z"),
};
const SAME_SECOND = "Sun, 22 Nov 2026 10:00:00 GMT";
const EARLIER = "Sun, 22 Nov 2026 09:59:59 GMT";

function outcome(headers: Record<string, string>, method: string, state: CurrentState | null = current): Outcome {
  const p = parsePreconditions((name) => headers[name] ?? null);
  return evaluatePreconditions(p, state, method);
}

describe("evaluatePreconditions (RFC 9110 §13.2.2)", () => {
  it.each<[Record<string, string>, string, Outcome]>([
    [{}, "GET", "proceed"],
    [{}, "PUT", "proceed"],
    // If-Match: strong comparison, lists, *
    [{ "if-match": '"7.abc"' }, "PUT", "proceed"],
    [{ "if-match": 'W/"7.abc"' }, "PUT", "precondition-failed"],
    [{ "if-match": '"6.old", "7.abc"' }, "PUT", "proceed"],
    [{ "if-match": '"6.old", W/"7.abc"' }, "PUT", "precondition-failed"],
    [{ "if-match": '"6.old"' }, "DELETE", "precondition-failed"],
    [{ "if-match": "*" }, "PATCH", "proceed"],
    // If-None-Match: weak comparison; 304 for GET/HEAD, 412 otherwise
    [{ "if-none-match": '"7.abc"' }, "GET", "not-modified"],
    [{ "if-none-match": 'W/"7.abc"' }, "HEAD", "not-modified"],
    [{ "if-none-match": '"1.x", W/"7.abc"' }, "GET", "not-modified"],
    [{ "if-none-match": '"6.old"' }, "GET", "proceed"],
    [{ "if-none-match": "*" }, "GET", "not-modified"],
    [{ "if-none-match": "*" }, "PUT", "precondition-failed"],
    [{ "if-none-match": '"7.abc"' }, "PUT", "precondition-failed"],
    // both: If-Match first, then If-None-Match
    [{ "if-match": '"7.abc"', "if-none-match": '"7.abc"' }, "PUT", "precondition-failed"],
    [{ "if-match": '"7.abc"', "if-none-match": '"6.old"' }, "PUT", "proceed"],
    // dates: second resolution, ignored when the tag header is present
    [{ "if-modified-since": SAME_SECOND }, "GET", "not-modified"],
    [{ "if-modified-since": EARLIER }, "GET", "proceed"],
    [{ "if-modified-since": SAME_SECOND }, "PUT", "proceed"],
    [{ "if-modified-since": SAME_SECOND, "if-none-match": '"6.old"' }, "GET", "proceed"],
    [{ "if-modified-since": "yesterday" }, "GET", "proceed"],
    [{ "if-unmodified-since": EARLIER }, "PUT", "precondition-failed"],
    [{ "if-unmodified-since": SAME_SECOND }, "PUT", "proceed"],
    [{ "if-unmodified-since": EARLIER, "if-match": '"7.abc"' }, "PUT", "proceed"],
  ])("%j on %s → %s", (headers, method, expected) => {
    expect(outcome(headers, method)).toBe(expected);
  });

  it.each<[Record<string, string>, string, Outcome]>([
    [{ "if-match": "*" }, "PUT", "precondition-failed"],
    [{ "if-match": '"7.abc"' }, "DELETE", "precondition-failed"],
    [{ "if-none-match": "*" }, "PUT", "proceed"],
    [{ "if-none-match": '"7.abc"' }, "GET", "proceed"],
    [{ "if-modified-since": SAME_SECOND }, "GET", "proceed"],
  ])("without a current representation: %j on %s → %s", (headers, method, expected) => {
    expect(outcome(headers, method, null)).toBe(expected);
  });
});

describe("hasWritePrecondition", () => {
  it("counts only the entity-tag headers, never the second-resolution dates", () => {
    const of = (h: Record<string, string>) => hasWritePrecondition(parsePreconditions((n) => h[n] ?? null));
    expect(of({})).toBe(false);
    expect(of({ "if-unmodified-since": SAME_SECOND })).toBe(false);
    expect(of({ "if-match": "*" })).toBe(true);
    expect(of({ "if-none-match": "*" })).toBe(true);
  });
});
