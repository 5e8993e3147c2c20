import { describe, expect, it } from "vitest";
import { markdownFileName } from "@/features/documents/client/export/markdown-file.ts";

describe("markdownFileName(title, version?): the name of a downloaded document", () => {
  it.each([
    ["Release plan", undefined, "Release plan.md"],
    ["Release plan", 3, "Release plan v3.md"],
    ["", undefined, "Untitled.md"],
    ["   ", 2, "Untitled v2.md"],
    ["a/b\\c:d*e?f\"g<h>i|j", undefined, "a-b-c-d-e-f-g-h-i-j.md"],
    ["tabs\tand\nnewlines", undefined, "tabs-and-newlines.md"],
    ["..hidden..", undefined, "hidden.md"],
    ["CON", undefined, "CON-.md"],
    ["lpt1", undefined, "lpt1-.md"],
    ["Ünïcödé 📝 notes", undefined, "Ünïcödé 📝 notes.md"],
    ["x".repeat(300), undefined, `${"x".repeat(100)}.md`],
    ["📝".repeat(150), undefined, `${"📝".repeat(100)}.md`],
  ])("%j, %j → %j", (title, version, expected) => {
    expect(markdownFileName(title, version)).toBe(expected);
  });
});
