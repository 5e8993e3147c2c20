import { describe, expect, it } from "vitest";
import { formatHttpDate, parseHttpDate } from "../src/index.ts";

describe("parseHttpDate (RFC 9110 §5.6.7)", () => {
  const instant = Date.UTC(1994, 10, 6, 8, 49, 37);
  it.each(["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])(
    "accepts %j",
    (value) => {
      expect(parseHttpDate(value)?.getTime()).toBe(instant);
    },
  );

  it.each(["", "yesterday", "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "2026-11-22T10:00:00Z", "Sun, 06 Nov 1994 08:49:37 UTC"])(
    "ignores invalid %j",
    (value) => {
      expect(parseHttpDate(value)).toBeNull();
    },
  );

  it("round-trips what formatHttpDate writes, to the second", () => {
    const d = new Date("2026-11-22T17:38:25.999Z");
    expect(formatHttpDate(d)).toBe("Sun, 22 Nov 2026 17:38:25 GMT");
    expect(parseHttpDate(formatHttpDate(d))?.getTime()).toBe(Date.UTC(2026, 10, 22, 17, 38, 25));
  });
});
