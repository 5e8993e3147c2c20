import { describe, expect, it } from "vitest";
import { AppError } from "@/platform/errors.ts";
import { MAX_RETRY_ATTEMPT } from "@tandem/contract";
import { parseRetryAttempt } from "@/platform/http/retry-header.ts";

describe("parseRetryAttempt (X-Tandem-Retry)", () => {
  it("absent → null", () => {
    expect(parseRetryAttempt(undefined)).toBeNull();
    expect(parseRetryAttempt(null)).toBeNull();
  });

  it.each([
    ["2", 2],
    [" 7 ", 7],
    ["1000", 1000],
  ])("%j → %i", (raw, attempt) => {
    expect(parseRetryAttempt(raw)).toBe(attempt);
  });

  it.each(["", "1", "0", "-3", "+3", "2.0", "1e3", "0x10", "1001", "00002", "two", "2, 3", "２"])("refuses %j with 400 invalid-header", (raw) => {
    let thrown: unknown;
    try {
      parseRetryAttempt(raw);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).status).toBe(400);
    expect((thrown as AppError).code).toBe("invalid-header");
  });

  it("refuses a repeated header", () => {
    expect(() => parseRetryAttempt(["2", "3"])).toThrow(AppError);
  });

  it("the bound is the client's largest maxAttempts", async () => {
    const { MAX_ATTEMPTS } = await import("@tandem/client");
    expect(MAX_RETRY_ATTEMPT).toBe(MAX_ATTEMPTS);
  });
});
