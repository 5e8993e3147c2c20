import type { AuditEntry } from "@tandem/contract";
import { describe, expect, it } from "vitest";
import { describeEntry, formatDuration } from "@/features/audit/client/describe-entry.ts";

// The Activity panel's sentences, one row per kind of audit entry and per odd detail.

const ann = { id: "u-ann", name: "Ann" };
const bo = { id: "u-bo", name: "Bo" };
const entry = (type: AuditEntry["type"], actor: AuditEntry["actor"], detail: Record<string, unknown> = {}): AuditEntry => ({
  id: 1,
  at: "2026-11-30T10:00:00.000Z",
  type,
  actor,
  documentId: "doc-1",
  detail,
});

describe("describeEntry", () => {
  it.each<[string, AuditEntry, string]>([
    ["a refused save", entry("conflict", bo, { clientVersion: 3, currentVersion: 4 }), "Bo's save was refused: they had version 3, the document was at version 4"],
    ["a refused save without versions", entry("conflict", bo), "Bo's save was refused"],
    ["resolved in the dialog", entry("conflict-resolved", ann, { conflictId: 7, resolution: "dialog", seconds: 42 }), "Ann resolved a conflict in the merge dialog after 42 s"],
    [
      "resolved by an automatic merge",
      entry("conflict-resolved", bo, { conflictId: 7, resolution: "automatic", seconds: 0.4 }),
      "Bo's save was merged with the newer version automatically within a second",
    ],
    ["shared, by email", entry("member-added", ann, { email: "bo@example.com", role: "editor" }), "Ann shared with bo@example.com (can edit)"],
    ["shared, with the member's name", entry("member-added", ann, { email: "bo@example.com", name: "Bo", role: "editor" }), "Ann shared with Bo (can edit)"],
    ["a role changed", entry("member-changed", ann, { email: "cy@example.com", role: "viewer", previousRole: "editor" }), "Ann changed cy@example.com from can edit to can view"],
    ["a member removed", entry("member-removed", ann, { email: "cy@example.com", previousRole: "viewer" }), "Ann removed cy@example.com (can view)"],
    ["a member removed, role under `role`", entry("member-removed", ann, { email: "cy@example.com", role: "editor" }), "Ann removed cy@example.com (can edit)"],
    ["deleted", entry("document-deleted", ann, { version: 5 }), "Ann deleted the document"],
    ["re-created", entry("document-recreated", bo), "Bo re-created the document"],
    ["purged", entry("document-purged", ann), "Ann purged the document's history"],
    ["no actor (an account since removed)", entry("document-deleted", null), "Someone deleted the document"],
    ["details of the wrong type read as unknown", entry("conflict", bo, { clientVersion: "3", currentVersion: 4 }), "Bo's save was refused"],
    ["an unknown role is shown as sent", entry("member-added", ann, { email: "x@example.com", role: "auditor" }), "Ann shared with x@example.com (auditor)"],
    ["a type this client does not know yet", entry("something-new" as AuditEntry["type"], ann), "Ann: something-new"],
  ])("%s", (_name, given, sentence) => {
    expect(describeEntry(given)).toBe(sentence);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [42, "42 s"],
    [59.6, "1 min"],
    [125, "2 min 5 s"],
    [3600, "1 h"],
    [3 * 3600 + 4 * 60 + 10, "3 h 4 min"],
    [-3, "0 s"],
  ])("%s s → %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
