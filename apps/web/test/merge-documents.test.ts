import { UnresolvedConflictsError } from "@tandem/conflict";
import { describe, expect, it } from "vitest";
import { NO_CHOICES } from "@/features/documents/client/choices.ts";
import { mergeDocuments, resolveDocument } from "@/features/documents/client/merge-documents.ts";
import { choicesStillApplying } from "@/features/documents/client/session/resolving.ts";
import { ALPHA, BETA_WITH_BO, CLASH, text, WITH_BO, WITH_CY } from "./support/session-fixtures.ts";

// The one way the merge dialog turns choices into text (preview and "Save merged").

const clashId = CLASH.content.chunks.find((c) => c.kind === "conflict")!.id;

describe("resolveDocument", () => {
  it.each([
    ["Use mine", { title: {}, content: { [clashId]: "mine" as const } }, text("A\nb\nc\n")],
    ["Use theirs", { title: {}, content: { [clashId]: "theirs" as const } }, text("X\nb\nc\n")],
    ["Use both", { title: {}, content: { [clashId]: "mine-then-theirs" as const } }, text("A\nX\nb\nc\n")],
    ["Edit…", { title: {}, content: { [clashId]: { text: "agreed\n" } } }, text("agreed\nb\nc\n")],
  ])("%s", (_name, choices, resolved) => {
    expect(resolveDocument(CLASH, choices)).toEqual(resolved);
  });

  it("refuses to drop an unresolved conflict", () => {
    expect(() => resolveDocument(CLASH, NO_CHOICES)).toThrow(UnresolvedConflictsError);
  });

  it("shows an unresolved conflict between markers in the preview", () => {
    expect(resolveDocument(CLASH, NO_CHOICES, { unresolved: "markers" }).content).toMatch(/^<<<<<<< .*\nA\n=======\nX\n>>>>>>> /);
  });

  it("a clean merge needs no choice and is the merged document", () => {
    const merge = mergeDocuments(text("a\n", "T"), text("a\nb\n", "T"), text("a\n", "T2"));
    expect(merge.merged).toEqual(text("a\nb\n", "T2"));
    expect(resolveDocument(merge, NO_CHOICES)).toEqual(merge.merged);
  });
});

describe("choicesStillApplying", () => {
  it.each([
    ["a conflict unchanged by the third writer keeps its choice; a changed one does not", WITH_CY, { title: {}, content: { [ALPHA]: "mine" } }],
    ["the same merge keeps every choice", WITH_BO, { title: {}, content: { [ALPHA]: "mine", [BETA_WITH_BO]: "theirs" } }],
    ["a merge without conflicts keeps none", mergeDocuments(text("a\n"), text("a\n"), text("b\n")), { title: {}, content: {} }],
  ])("%s", (_name, merge, kept) => {
    expect(choicesStillApplying({ title: { gone: "mine" }, content: { [ALPHA]: "mine", [BETA_WITH_BO]: "theirs" } }, merge)).toEqual(kept);
  });
});
