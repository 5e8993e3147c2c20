import { describe, expect, it } from "vitest";
import { isValidDocumentId, parseRevisionNumber } from "../src/limits.ts";

describe("document ids", () => {
  it.each([["a", true], ["A-b_9", true], ["x".repeat(64), true], ["x".repeat(65), false], ["-a", false], ["", false], ["a b", false], ["a/b", false], ["ä", false]])(
    "%j → %s",
    (id, ok) => {
      expect(isValidDocumentId(id)).toBe(ok);
    },
  );
});

describe("revision numbers", () => {
  it.each([["1", 1], ["999999999", 999999999], ["0", null], ["01", null], ["1000000000", null], ["1e3", null], ["-1", null], ["", null]])("%j → %s", (s, n) => {
    expect(parseRevisionNumber(s)).toBe(n);
  });
});
