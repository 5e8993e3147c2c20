import { describe, expect, it } from "vitest";
import {
  merge3,
  resolveConflict,
  resolveConflicts,
  UnresolvedConflictsError,
  type ConflictChunk,
  type Resolution,
} from "../src/index.ts";

// One conflict in the middle: base "b", mine "B1", theirs "B2".
const middle = merge3("a\nb\nc\n", "a\nB1\nc\n", "a\nB2\nc\n");
// One conflict on an unterminated last line, so a separator may be needed.
const atEnd = merge3("a\nb", "a\nB1", "a\nB2");
const crlf = merge3("a\r\nb\r\nc\r\n", "a\r\nB1\r\nc\r\n", "a\r\nB2\r\nc\r\n");

const idOf = (result: typeof middle): string => {
  const conflict = result.chunks.find((chunk): chunk is ConflictChunk => chunk.kind === "conflict");
  if (conflict === undefined) throw new Error("no conflict");
  return conflict.id;
};

describe("resolveConflicts(result, resolutions)", () => {
  it.each<{ resolution: Resolution; middle: string; atEnd: string }>([
    { resolution: "mine", middle: "a\nB1\nc\n", atEnd: "a\nB1" },
    { resolution: "theirs", middle: "a\nB2\nc\n", atEnd: "a\nB2" },
    { resolution: "base", middle: "a\nb\nc\n", atEnd: "a\nb" },
    { resolution: "mine-then-theirs", middle: "a\nB1\nB2\nc\n", atEnd: "a\nB1\nB2" },
    { resolution: "theirs-then-mine", middle: "a\nB2\nB1\nc\n", atEnd: "a\nB2\nB1" },
    { resolution: { text: "merged\n" }, middle: "a\nmerged\nc\n", atEnd: "a\nmerged\n" },
    { resolution: { text: "merged" }, middle: "a\nmerged\nc\n", atEnd: "a\nmerged" },
    { resolution: { text: "" }, middle: "a\nc\n", atEnd: "a\n" },
  ])("settles a conflict with $resolution", ({ resolution, middle: inMiddle, atEnd: inAtEnd }) => {
    expect(resolveConflicts(middle, { [idOf(middle)]: resolution })).toBe(inMiddle);
    expect(resolveConflicts(atEnd, new Map([[idOf(atEnd), resolution]]))).toBe(inAtEnd);
    expect(resolveConflicts(atEnd, () => resolution)).toBe(inAtEnd);
  });

  it("ends the first side's last line even when nothing of the second side follows, as git merge-file --union does", () => {
    // Found by the differential test (seed 923405076); git merge-file -p --union prints "\nmine 0\n".
    const lastLineOpen = merge3("", "\nmine 0", "\n");
    expect(resolveConflicts(lastLineOpen, () => "mine-then-theirs")).toBe("\nmine 0\n");
    expect(resolveConflicts(lastLineOpen, () => "mine")).toBe("\nmine 0");
  });

  it("separates lines with the document's own line ending", () => {
    expect(resolveConflicts(crlf, () => "mine-then-theirs")).toBe("a\r\nB1\r\nB2\r\nc\r\n");
    expect(resolveConflicts(crlf, () => ({ text: "x" }))).toBe("a\r\nx\r\nc\r\n");
  });

  it("throws, naming them, when conflicts are left without a resolution", () => {
    const two = merge3("a\nb\nc\nd\ne\nf\n", "A1\nb\nc\nd\ne\nF1\n", "A2\nb\nc\nd\ne\nF2\n");
    const ids = two.chunks.filter((c) => c.kind === "conflict").map((c) => c.id);
    expect(ids).toHaveLength(2);
    const error = (() => {
      try {
        resolveConflicts(two, { [ids[0] as string]: "mine" });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnresolvedConflictsError);
    expect((error as UnresolvedConflictsError).ids).toEqual([ids[1]]);
    expect(() => resolveConflicts(two)).toThrow(UnresolvedConflictsError);
  });

  it("needs no resolutions for a clean merge and ignores ones for other conflicts", () => {
    const clean = merge3("a\nb\n", "A\nb\n", "a\nb\n");
    expect(resolveConflicts(clean)).toBe("A\nb\n");
    expect(resolveConflicts(clean, { stale: "theirs" })).toBe("A\nb\n");
  });

  it("does not read resolutions from the object prototype", () => {
    expect(() => resolveConflicts(middle, Object.create({ [idOf(middle)]: "mine" }) as Record<string, Resolution>)).toThrow(
      UnresolvedConflictsError,
    );
  });

  it("can leave unresolved conflicts as markers", () => {
    expect(resolveConflicts(middle, {}, { unresolved: "markers", markers: { style: "diff3" } })).toBe(
      "a\n<<<<<<< mine\nB1\n||||||| base\nb\n=======\nB2\n>>>>>>> theirs\nc\n",
    );
  });

  it("rejects a resolution that is not one of the kinds", () => {
    expect(() => resolveConflicts(middle, () => "ours" as unknown as Resolution)).toThrow(TypeError);
  });
});

describe("resolveConflict(conflict, resolution)", () => {
  it("gives the text of one conflict's resolution", () => {
    const conflict = middle.chunks.find((chunk): chunk is ConflictChunk => chunk.kind === "conflict") as ConflictChunk;
    expect(resolveConflict(conflict, "theirs-then-mine")).toBe("B2\nB1\n");
    expect(resolveConflict(conflict, "base")).toBe("b\n");
  });
});
