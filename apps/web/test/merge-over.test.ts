import { describe, expect, it } from "vitest";
import { mergeOver } from "@/features/documents/server/merge-over.ts";
import { prefers } from "@/platform/http/preferences.ts";

const side = (title: string, content: string) => ({ title, content });

describe("mergeOver (Prefer: merge, base → mine / theirs)", () => {
  it.each([
    ["nothing changed on either side", side("T", "a\nb\n"), side("T", "a\nb\n"), side("T", "a\nb\n"), side("T", "a\nb\n")],
    ["only mine changed", side("T", "a\nb\n"), side("T", "A\nb\n"), side("T", "a\nb\n"), side("T", "A\nb\n")],
    ["only theirs changed", side("T", "a\nb\n"), side("T", "a\nb\n"), side("T2", "a\nB\n"), side("T2", "a\nB\n")],
    ["title mine, content theirs", side("T", "a\nb\n"), side("Mine", "a\nb\n"), side("T", "a\nB\n"), side("Mine", "a\nB\n")],
    ["both made the same change", side("T", "a\nb\nc\n"), side("T", "a\nX\nc\n"), side("T", "a\nX\nc\n"), side("T", "a\nX\nc\n")],
    ["different lines with one between", side("T", "a\nb\nc\n"), side("T", "A\nb\nc\n"), side("T", "a\nb\nC\n"), side("T", "A\nb\nC\n")],
  ])("%s → clean", (_name, base, mine, theirs, merged) => {
    expect(mergeOver(base, mine, theirs)).toEqual({ clean: true, merged });
  });

  it.each([
    ["the same line", side("T", "a\nb\nc\n"), side("T", "a\nMINE\nc\n"), side("T", "a\nTHEIRS\nc\n"), { title: 0, content: 1 }],
    ["both titles", side("T", ""), side("Mine", ""), side("Theirs", ""), { title: 1, content: 0 }],
    ["title and content", side("T", "x\n"), side("M", "m\n"), side("U", "u\n"), { title: 1, content: 1 }],
  ])("%s → conflicts", (_name, base, mine, theirs, counts) => {
    const outcome = mergeOver(base, mine, theirs);
    expect(outcome.clean).toBe(false);
    if (outcome.clean) return;
    expect({ title: outcome.conflicts.title.length, content: outcome.conflicts.content.length }).toEqual(counts);
  });
});

describe("prefers (RFC 7240 Prefer)", () => {
  const req = (value: string | null) => ({ header: (name: string) => (name === "prefer" ? value : null) });
  it.each([
    ["merge", true],
    ["MERGE", true],
    ["return=minimal, merge", true],
    ["merge; strict", true],
    ["respond-async, wait=10", false],
    ["merged", false],
    ["", false],
    [null, false],
    [`${"x, ".repeat(400)}merge`, false],
  ])("%j → %s", (value, expected) => {
    expect(prefers(req(value), "merge")).toBe(expected);
  });
});
