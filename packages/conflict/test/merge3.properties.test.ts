import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { merge3, renderConflictMarkers, resolveConflicts, splitLines, type MergeResult } from "../src/index.ts";
import { joinLines, repetitiveMerge, smallText, uniqueLineMerge } from "./support/generators.ts";

const anyMerge = fc.oneof(uniqueLineMerge, repetitiveMerge);

function text(result: MergeResult): string {
  return resolveConflicts(result);
}

describe("merge3 properties", () => {
  it("merge3(b, x, b) is x, cleanly", () => {
    fc.assert(
      fc.property(smallText, smallText, (b, x) => {
        const result = merge3(b, x, b);
        expect(result.clean).toBe(true);
        expect(text(result)).toBe(x);
      }),
      { numRuns: 300 },
    );
  });

  it("merge3(b, b, x) is x, cleanly", () => {
    fc.assert(
      fc.property(smallText, smallText, (b, x) => {
        const result = merge3(b, b, x);
        expect(result.clean).toBe(true);
        expect(text(result)).toBe(x);
      }),
      { numRuns: 300 },
    );
  });

  it("merge3(x, x, x) is x, cleanly", () => {
    fc.assert(
      fc.property(smallText, (x) => {
        const result = merge3(x, x, x);
        expect(result).toMatchObject({ clean: true, counts: { conflicts: 0, fromMine: 0, fromTheirs: 0, fromBoth: 0 } });
        expect(text(result)).toBe(x);
      }),
    );
  });

  it("merge3(b, x, x) is x, cleanly: identical changes never conflict", () => {
    fc.assert(
      fc.property(smallText, smallText, (b, x) => {
        const result = merge3(b, x, x);
        expect(result.clean).toBe(true);
        expect(text(result)).toBe(x);
      }),
      { numRuns: 300 },
    );
  });

  it("resolving every conflict of a merge of (b, m, b) with mine gives m", () => {
    fc.assert(
      fc.property(smallText, smallText, (b, m) => {
        expect(resolveConflicts(merge3(b, m, b), () => "mine")).toBe(m);
      }),
    );
  });

  it("resolving every conflict with mine keeps all of mine's changes and theirs' clean ones", () => {
    // Only where diffs are unambiguous: with repeated lines, diffing the
    // resolution against base may legitimately align its changes differently.
    fc.assert(
      fc.property(uniqueLineMerge, ({ base, mine, theirs }) => {
        const result = merge3(base, mine, theirs);
        const chooseMine = resolveConflicts(result, () => "mine");
        // Merging that text with mine again must not conflict: every conflict was settled mine's way.
        const again = merge3(base, mine, chooseMine);
        expect(again.clean).toBe(true);
        expect(text(again)).toBe(chooseMine);
      }),
      { numRuns: 300 },
    );
  });

  // Not chunk for chunk when there are conflicts: git splits a conflict where a diff of mine
  // against theirs finds common lines, and which of several equally short diffs that is
  // depends on the order of the two.
  it("swapping mine and theirs gives the same verdict, the same clean merge, and each side's text back", () => {
    fc.assert(
      fc.property(anyMerge, ({ base, mine, theirs }) => {
        const forward = merge3(base, mine, theirs);
        const swapped = merge3(base, theirs, mine);
        expect(swapped.clean).toBe(forward.clean);
        expect(resolveConflicts(swapped, () => "theirs")).toBe(resolveConflicts(forward, () => "mine"));
        expect(resolveConflicts(swapped, () => "mine")).toBe(resolveConflicts(forward, () => "theirs"));
        if (!forward.clean) return;
        expect(swapped.counts).toEqual({ ...forward.counts, fromMine: forward.counts.fromTheirs, fromTheirs: forward.counts.fromMine });
        expect(swapped.chunks).toEqual(
          forward.chunks.map((chunk) =>
            chunk.kind === "stable" ? { ...chunk, source: chunk.source === "mine" ? "theirs" : chunk.source === "theirs" ? "mine" : chunk.source } : chunk,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("every conflict section is the lines of its input at the reported position", () => {
    fc.assert(
      fc.property(anyMerge, ({ base, mine, theirs }) => {
        const result = merge3(base, mine, theirs);
        const inputs = { base: splitLines(base), mine: splitLines(mine), theirs: splitLines(theirs) };
        for (const chunk of result.chunks) {
          if (chunk.kind !== "conflict") continue;
          expect(chunk.mine).not.toEqual(chunk.theirs);
          expect(chunk.base).toEqual(inputs.base.slice(chunk.baseStart, chunk.baseStart + chunk.base.length));
          expect(chunk.mine).toEqual(inputs.mine.slice(chunk.mineStart, chunk.mineStart + chunk.mine.length));
          expect(chunk.theirs).toEqual(inputs.theirs.slice(chunk.theirsStart, chunk.theirsStart + chunk.theirs.length));
        }
        const conflicts = result.chunks.filter((chunk) => chunk.kind === "conflict").length;
        expect(result.counts.conflicts).toBe(conflicts);
        expect(result.clean).toBe(conflicts === 0);
        for (const chunk of result.chunks) {
          if (chunk.kind === "stable") expect(splitLines(chunk.text).join("")).toBe(chunk.text);
          if (chunk.kind === "stable") expect(chunk.text).not.toBe("");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a clean result renders the same with or without conflict markers", () => {
    fc.assert(
      fc.property(anyMerge, ({ base, mine, theirs }) => {
        const result = merge3(base, mine, theirs);
        fc.pre(result.clean);
        expect(renderConflictMarkers(result, { style: "diff3" })).toBe(text(result));
      }),
    );
  });
});

/** A base of distinct lines, and edits of mine and theirs that each leave an unchanged line between them. */
const disjointEdits = fc
  .record({
    size: fc.integer({ min: 1, max: 14 }),
    edits: fc.array(
      fc.record({
        side: fc.constantFrom("mine" as const, "theirs" as const),
        insertBefore: fc.array(fc.constantFrom("new", "new\r\n", "added line", ""), { maxLength: 2 }),
        action: fc.constantFrom("keep", "delete", "replace", "crlf"),
      }),
      { maxLength: 16 },
    ),
    endsWithNewline: fc.boolean(),
  })
  .map(({ size, edits, endsWithNewline }) => {
    const base = Array.from({ length: size }, (_, i) => [`line ${i}`, i === size - 1 && !endsWithNewline ? "" : "\n"] as const);
    // Edit slot k = (lines inserted before base line k, what happens to line k); slot `size` is the end.
    // Slots used are at least two apart, so a base line no one touches separates any two edits.
    const bySlot = new Map<number, (typeof edits)[number]>();
    // Adding lines after an unterminated last line would change that line too.
    const slots = endsWithNewline ? size + 1 : size;
    edits.forEach((edit, i) => {
      const slot = (i * 2 + (edit.insertBefore.length % 2)) % slots;
      if ([...bySlot.keys()].every((used) => Math.abs(used - slot) >= 2)) bySlot.set(slot, edit);
    });
    const render = (sides: ReadonlyArray<"mine" | "theirs">): string => {
      const lines: Array<readonly [string, string]> = [];
      for (let slot = 0; slot <= size; slot++) {
        const edit = bySlot.get(slot);
        const applies = edit !== undefined && sides.includes(edit.side);
        if (applies) for (const added of edit.insertBefore) lines.push([added.replace("\r\n", ""), added.endsWith("\r\n") ? "\r\n" : "\n"]);
        const line = base[slot];
        if (line === undefined) continue;
        if (!applies || edit.action === "keep") lines.push(line);
        else if (edit.action === "replace") lines.push([`${line[0]} edited by ${edit.side}`, line[1]]);
        else if (edit.action === "crlf") lines.push([line[0], "\r\n"]);
      }
      return joinLines(lines);
    };
    return { base: render([]), mine: render(["mine"]), theirs: render(["theirs"]), both: render(["mine", "theirs"]) };
  });

describe("merge3 on edits separated by unchanged lines", () => {
  it("merges cleanly and keeps every edit of both sides", () => {
    fc.assert(
      fc.property(disjointEdits, ({ base, mine, theirs, both }) => {
        const result = merge3(base, mine, theirs);
        expect(result.clean).toBe(true);
        expect(text(result)).toBe(both);
      }),
      { numRuns: 500 },
    );
  });
});
