import { describe, expect, it } from "vitest";
import { ConflictError, DocumentsClient, GoneError, isTransient, MAX_ATTEMPTS, NetworkError, NotFoundError, PreconditionRequiredError, ServerError, TandemHttpError } from "../src/index.ts";
import { errorFor } from "../src/errors.ts";
import { fullJitterDelay, sleep } from "../src/backoff.ts";

describe("fullJitterDelay", () => {
  it("is uniform in [0, min(max, base·2^attempt))", () => {
    expect(fullJitterDelay(0, { random: () => 0.999, baseDelayMs: 20 })).toBe(19);
    expect(fullJitterDelay(3, { random: () => 0.5, baseDelayMs: 20 })).toBe(80);
    expect(fullJitterDelay(20, { random: () => 0.999, baseDelayMs: 20, maxDelayMs: 1000 })).toBe(999);
    expect(fullJitterDelay(5, { random: () => 0 })).toBe(0);
  });
});

describe("sleep", () => {
  it("rejects with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });
});

describe("errorFor(status, problem)", () => {
  const problem = (status: number, extra: object = {}) => ({ type: "t", title: "t", status, detail: "d", code: "c", ...extra });
  it.each([
    [412, ConflictError],
    [428, PreconditionRequiredError],
    [404, NotFoundError],
    [410, GoneError],
    [503, ServerError],
    [500, ServerError],
    [400, TandemHttpError],
  ])("%i → %o", (status, type) => {
    expect(errorFor(status, problem(status), null)).toBeInstanceOf(type);
  });

  it("a 412 carries the current document with the ETag header", () => {
    const doc = { id: "a", title: "t", content: "c", version: 3, createdAt: "", updatedAt: "", updatedBy: "Bo" };
    const error = errorFor(412, problem(412, { current: doc }), '"3.x"') as ConflictError;
    expect(error.current).toEqual({ doc, etag: '"3.x"' });
    expect(error.deleted).toBeNull();
  });

  it("a 412 on a deleted document carries who deleted it", () => {
    const error = errorFor(412, problem(412, { current: null, deleted: { version: 4, deletedAt: "x", deletedBy: "Eve" } }), null) as ConflictError;
    expect(error.current).toBeNull();
    expect(error.deleted?.deletedBy).toBe("Eve");
  });
});

describe("isTransient: what update() retries besides 412", () => {
  const problem = (status: number) => ({ type: "t", title: "t", status, detail: "d", code: "c" });
  it("network failures and 502/503/504 are; everything else is not", () => {
    expect(isTransient(new NetworkError(new Error("ECONNRESET")))).toBe(true);
    for (const status of [502, 503, 504]) expect(isTransient(errorFor(status, problem(status), null))).toBe(true);
    for (const status of [400, 404, 410, 412, 422, 428, 500]) expect(isTransient(errorFor(status, problem(status), null))).toBe(false);
    expect(isTransient(new Error("x"))).toBe(false);
  });
});

describe("update() options", () => {
  it("maxAttempts must fit the server's X-Tandem-Retry bound", async () => {
    const client = new DocumentsClient({ baseUrl: "http://127.0.0.1:9", fetch: () => Promise.reject(new Error("no request expected")) });
    for (const maxAttempts of [0, 1.5, MAX_ATTEMPTS + 1, Infinity]) {
      await expect(client.update("a", (cur) => cur.doc, { maxAttempts })).rejects.toBeInstanceOf(RangeError);
    }
  });
});
