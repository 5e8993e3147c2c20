import { ConflictError, GoneError, NetworkError, NotFoundError, ServerError, TandemHttpError, type Problem } from "@tandem/client";
import { describe, expect, it } from "vitest";
import { fetchFailure, revisionFailure, writeFailure } from "@/features/documents/client/session/error-events.ts";
import { V2_APART } from "./support/session-fixtures.ts";

// How the API client's errors reach the session machine.

const problem = (status: number, extra: Partial<Problem> = {}): Problem => ({ type: "about:blank", title: "t", status, detail: `HTTP ${status}`, code: "c", ...extra });
const deleted = { version: 2, deletedAt: "2026-11-30T10:05:00.000Z", deletedBy: "Eve" };

describe("writeFailure: a refused write", () => {
  it.each([
    ["412 with the current state → refused", new ConflictError(problem(412, { current: V2_APART.doc }), V2_APART.etag), { type: "refused", current: V2_APART }],
    ["412 without a current state (deleted) → gone", new ConflictError(problem(412, { current: null, deleted }), null), { type: "gone", deleted }],
    ["410 → gone", new GoneError(410, problem(410, { deleted })), { type: "gone", deleted }],
    ["404 → gone, nobody known", new NotFoundError(404, problem(404)), { type: "gone", deleted: null }],
    ["503 → failed", new ServerError(503, problem(503)), { type: "failed", message: "HTTP 503" }],
    ["no answer → failed", new NetworkError(new TypeError("fetch failed")), { type: "failed", message: "fetch failed" }],
    ["anything thrown → failed", "boom", { type: "failed", message: "boom" }],
  ])("%s", (_name, error, event) => {
    expect(writeFailure(error)).toEqual(event);
  });
});

describe("fetchFailure: a failed read", () => {
  it.each([
    ["410 → fetch-gone", new GoneError(410, problem(410, { deleted })), { type: "fetch-gone", source: "window", deleted }],
    ["404 → fetch-missing", new NotFoundError(404, problem(404)), { type: "fetch-missing", source: "window" }],
    ["503 → fetch-failed", new ServerError(503, problem(503)), { type: "fetch-failed", source: "window", message: "HTTP 503" }],
  ])("%s", (_name, error, event) => {
    expect(fetchFailure("window", error)).toEqual(event);
  });
});

describe("401: the session ended", () => {
  const unauthorized = () => new TandemHttpError(401, problem(401, { code: "unauthorized" }));
  it.each([
    ["a write → unauthorized", () => writeFailure(unauthorized()), { type: "unauthorized" }],
    ["a read → fetch-unauthorized", () => fetchFailure("window", unauthorized()), { type: "fetch-unauthorized", source: "window" }],
    ["the first load → fetch-unauthorized", () => fetchFailure("load", unauthorized()), { type: "fetch-unauthorized", source: "load" }],
    ["a revision read → unauthorized", () => revisionFailure(unauthorized()), { type: "unauthorized" }],
    ["a revision read failing otherwise → revision-failed", () => revisionFailure(new ServerError(503, problem(503))), { type: "revision-failed" }],
    ["403 is no 401 → failed", () => writeFailure(new TandemHttpError(403, problem(403, { code: "forbidden" }))), { type: "failed", message: "HTTP 403" }],
  ])("%s", (_name, map, event) => {
    expect(map()).toEqual(event);
  });
});
