import { describe, expect, it } from "vitest";
import { AppError } from "@/platform/errors.ts";
import { AUTHOR_MAX_LENGTH } from "@tandem/contract";
import { parseAuthor } from "@/platform/http/author.ts";

describe("parseAuthor(X-Author)", () => {
  it.each<[string | null, string | null]>([
    [null, null],
    ["", null],
    ["   ", null],
    ["Ann", "Ann"],
    ["  Ann Lee  ", "Ann Lee"],
    [encodeURIComponent("Zoë Ångström"), "Zoë Ångström"],
    [Buffer.from("Zoë", "utf8").toString("latin1"), "Zoë"],
    ["Ren\u00e9", "René"],
    ["100% sure", "100% sure"],
    ["e\u0301", "\u00e9"],
  ])("%j → %j", (raw, expected) => {
    expect(parseAuthor(raw)).toBe(expected);
  });

  it.each([
    ["too long", "x".repeat(AUTHOR_MAX_LENGTH + 1)],
    ["a newline", "a%0Ab"],
    ["a tab", "a\tb"],
    ["DEL", "a\u007fb"],
    ["a broken escape", "%E0%A4%A"],
    ["a lone surrogate", "%ED%A0%80"],
  ])("refuses %s with 400 invalid-header", (_name, raw) => {
    try {
      parseAuthor(raw);
      expect.unreachable("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
      expect((error as AppError).code).toBe("invalid-header");
    }
  });

  it("counts characters, not UTF-16 units", () => {
    expect(parseAuthor("\u{1f600}".repeat(AUTHOR_MAX_LENGTH))).toHaveLength(AUTHOR_MAX_LENGTH * 2);
  });
});
