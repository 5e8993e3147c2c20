import { describe, expect, it } from "vitest";
import { idempotencyDecision, parseIdempotencyKey, requestFingerprint } from "@/platform/http/idempotency.ts";

const request = (over: Partial<Record<string, string>> = {}) => ({
  method: over.method ?? "PUT",
  pathname: over.pathname ?? "/api/documents/a",
  search: over.search ?? "",
  header: (name: string) => ({ "content-type": "application/json", "if-match": '"1.x"', ...over })[name] ?? null,
});

describe("Idempotency-Key (parse, fingerprint, decision)", () => {
  it.each([
    ['"abc-123"', "abc-123"],
    ["abc-123", "abc-123"],
    ['  "8e03978e-40d5-43e8-bc93-6894a57f9324"  ', "8e03978e-40d5-43e8-bc93-6894a57f9324"],
    [null, null],
  ])("%j → %j", (value, key) => {
    expect(parseIdempotencyKey(value)).toBe(key);
  });

  it.each([[""], ['""'], ["a b"], ['"a"b"'], ["x".repeat(256)], ["tab\there"], ["back\\slash"]])("%j is refused", (value) => {
    expect(() => parseIdempotencyKey(value)).toThrow(/Idempotency-Key/);
  });

  it("the fingerprint changes with everything that decides the outcome, and nothing else", () => {
    const base = requestFingerprint(request(), "{}");
    expect(requestFingerprint(request(), "{}")).toBe(base);
    for (const changed of [
      requestFingerprint(request({ method: "PATCH" }), "{}"),
      requestFingerprint(request({ pathname: "/api/documents/b" }), "{}"),
      requestFingerprint(request({ search: "?dryRun=false" }), "{}"),
      requestFingerprint(request({ "if-match": '"2.y"' }), "{}"),
      requestFingerprint(request({ "if-none-match": "*" }), "{}"),
      requestFingerprint(request({ prefer: "merge" }), "{}"),
      requestFingerprint(request({ "content-type": "application/merge-patch+json" }), "{}"),
      requestFingerprint(request(), '{"a":1}'),
    ]) {
      expect(changed).not.toBe(base);
    }
    expect(requestFingerprint(request({ "user-agent": "other" }), "{}")).toBe(base);
  });

  it.each([
    ["another request under the key", { fingerprint: "other", state: "done", status: 200, headers: "{}", body: "{}" }, "mismatch"],
    ["the first is still running", { fingerprint: "fp", state: "in-flight", status: null, headers: null, body: null }, "in-flight"],
    ["the first has answered", { fingerprint: "fp", state: "done", status: 201, headers: '{"ETag":"\\"1.x\\""}', body: '{"id":"a"}' }, "replay"],
  ] as const)("%s → %s", (_name, record, kind) => {
    const decision = idempotencyDecision(record, "fp");
    expect(decision.kind).toBe(kind);
    if (decision.kind === "replay") expect(decision.answer).toEqual({ status: 201, headers: { ETag: '"1.x"', "Idempotent-Replayed": "true" }, body: '{"id":"a"}' });
  });
});
