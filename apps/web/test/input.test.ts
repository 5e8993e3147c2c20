import { describe, expect, it } from "vitest";
import { AppError } from "@/platform/errors.ts";
import { TITLE_MAX_LENGTH } from "@tandem/contract";
import { documentInput, documentMergePatch, parseInput } from "@/features/documents/server/document-input.ts";

function problem(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("documentInput (PUT/POST body)", () => {
  it("accepts title and content, byte for byte", () => {
    const body = { title: "T\u00eftle", content: "a\r\nb\tc\rd\n\u{1f600}" };
    // An absent summary is no summary: null, so the write clears the last one.
    expect(parseInput(documentInput, body)).toEqual({ ...body, summary: null });
  });

  it.each([
    [{ title: "t" }, "content"],
    [{ title: "t", content: 1 }, "content"],
    [{ title: "t", content: "c", x: 1 }, "x"],
    [{ title: "a\nb", content: "c" }, "single line"],
    [{ title: "x".repeat(TITLE_MAX_LENGTH + 1), content: "c" }, `${TITLE_MAX_LENGTH}`],
    [{ title: "t", content: "a\u0000" }, "NUL"],
    [{ title: "t", content: "a\ud800" }, "surrogate"],
    [null, "(body)"],
    ["text", "(body)"],
  ])("refuses %j with 422 naming the problem", (body, mentions) => {
    const error = problem(() => parseInput(documentInput, body));
    expect(error.status).toBe(422);
    expect(error.detail).toContain(mentions);
    expect(error.extensions.errors).toBeInstanceOf(Array);
  });

  it("allows a title of exactly the limit in characters (astral characters count once)", () => {
    const title = "\u{1f600}".repeat(TITLE_MAX_LENGTH);
    expect(parseInput(documentInput, { title, content: "" }).title).toBe(title);
  });
});

describe("documentMergePatch (RFC 7396 body)", () => {
  it.each([[{ title: "t" }], [{ content: "c" }], [{ title: "t", content: "c" }]])("accepts %j", (patch) => {
    expect(parseInput(documentMergePatch, patch)).toEqual({ ...patch, summary: null });
  });

  it.each([[{}], [{ title: null }], [{ content: null }], [{ other: "x" }], [[]]])("refuses %j", (patch) => {
    expect(problem(() => parseInput(documentMergePatch, patch)).status).toBe(422);
  });
});
