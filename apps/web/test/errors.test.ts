import { describe, expect, it } from "vitest";
import { AppError, toAppError } from "@/platform/errors.ts";
import { ERROR_STATUS, ERROR_TITLE } from "@tandem/contract";
import { problemOf } from "@/platform/http/api-handler.ts";
import { webResponse } from "@/platform/http/web-adapter.ts";

const problemResponse = (...args: Parameters<typeof problemOf>) => webResponse(problemOf(...args));

describe("toAppError", () => {
  it.each([
    [{ code: "P2025", message: "Record to update not found." }, "not-found", 404],
    [{ code: "P2002", message: "Unique constraint failed" }, "conflict", 409],
    [{ code: "P1001", message: "Can't reach database server" }, "service-unavailable", 503],
    [new Error("connect ECONNREFUSED 127.0.0.1:5432"), "service-unavailable", 503],
    [new Error("SQLITE_BUSY: database is locked"), "service-unavailable", 503],
    [new TypeError("x is not a function"), "internal", 500],
    ["a string", "internal", 500],
  ])("maps %j to %s", (thrown, code, status) => {
    const error = toAppError(thrown);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });

  it("keeps AppErrors as they are", () => {
    const original = new AppError("gone", "deleted");
    expect(toAppError(original)).toBe(original);
  });

  it("never leaks an internal message", () => {
    expect(toAppError(new Error("password=hunter2 at db.ts:12")).detail).not.toContain("hunter2");
  });
});

describe("problemResponse (RFC 9457)", () => {
  it("has every member, the media type and the extra headers", async () => {
    const res = problemResponse(new AppError("precondition-failed", "changed", { current: { version: 3 } }, { ETag: '"3.x"' }), "/api/documents/a");
    expect(res.status).toBe(412);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("etag")).toBe('"3.x"');
    expect(await res.json()).toEqual({
      type: "/problems/precondition-failed",
      title: "Precondition Failed",
      status: 412,
      detail: "changed",
      code: "precondition-failed",
      instance: "/api/documents/a",
      current: { version: 3 },
    });
  });

  it("every error code has a 4xx/5xx status and a title", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(ERROR_TITLE[code as keyof typeof ERROR_STATUS]).toBeTruthy();
    }
  });
});
