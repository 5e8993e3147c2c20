import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_COST, merge3, renderConflictMarkers, resolveConflicts } from "../src/index.ts";

/** Two unrelated orderings of the same lines: no edit script shorter than rewriting most of it. */
function shuffledDocuments(lines: number): { base: string; mine: string; theirs: string } {
  const base = Array.from({ length: lines }, (_, i) => `line ${i % 97}\n`);
  let seed = 42;
  const shuffled = (): string => {
    const copy = [...base];
    for (let i = copy.length - 1; i > 0; i--) {
      seed = (seed * 16807) % 2147483647;
      const j = seed % (i + 1);
      [copy[i], copy[j]] = [copy[j] as string, copy[i] as string];
    }
    return copy.join("");
  };
  return { base: base.join(""), mine: shuffled(), theirs: shuffled() };
}

describe("merge3 work budget", () => {
  it("falls back to one whole-document conflict, flagged, when the diff needs more steps than allowed", () => {
    const { base, mine, theirs } = shuffledDocuments(400);
    const result = merge3(base, mine, theirs, { budget: { maxCost: 10_000 } });
    expect(result.clean).toBe(false);
    expect(result.fallback).toMatchObject({ reason: "cost" });
    expect(result.fallback?.steps).toBeGreaterThan(10_000);
    expect(result.counts.conflicts).toBe(1);
    expect(result.chunks).toHaveLength(1);
    // Nothing is lost: each version can be recovered whole.
    expect(resolveConflicts(result, () => "mine")).toBe(mine);
    expect(resolveConflicts(result, () => "theirs")).toBe(theirs);
    expect(resolveConflicts(result, () => "base")).toBe(base);
  });

  it("stops within the default budget on a large pathological input", () => {
    const { base, mine, theirs } = shuffledDocuments(30_000);
    const result = merge3(base, mine, theirs);
    expect(result.fallback).toMatchObject({ reason: "cost" });
    expect(result.fallback?.steps).toBeLessThan(DEFAULT_MAX_COST * 1.01);
  });

  it("falls back with reason 'time' when the time budget is spent", () => {
    const { base, mine, theirs } = shuffledDocuments(400);
    const result = merge3(base, mine, theirs, { budget: { timeoutMs: 0 } });
    expect(result.fallback).toMatchObject({ reason: "time" });
    expect(resolveConflicts(result, () => "mine")).toBe(mine);
  });

  it("merges exactly the same inputs when the budget allows", () => {
    const { base, mine, theirs } = shuffledDocuments(400);
    const result = merge3(base, mine, theirs);
    expect(result.fallback).toBeNull();
    expect(renderConflictMarkers(result)).not.toBe("");
  });

  it("needs no budget to take a rewrite when the other side did not change", () => {
    const { base, mine } = shuffledDocuments(400);
    const budget = { maxCost: 0 };
    expect(merge3(base, mine, base, { budget })).toMatchObject({ clean: true, fallback: null, counts: { fromMine: 1 } });
    expect(resolveConflicts(merge3(base, mine, base, { budget }))).toBe(mine);
    expect(resolveConflicts(merge3(base, base, mine, { budget }))).toBe(mine);
    expect(resolveConflicts(merge3(base, mine, mine, { budget }))).toBe(mine);
  });

  it("rejects a negative budget", () => {
    expect(() => merge3("a", "b", "c", { budget: { maxCost: -1 } })).toThrow(RangeError);
    expect(() => merge3("a", "b", "c", { budget: { timeoutMs: -5 } })).toThrow(RangeError);
  });
});
