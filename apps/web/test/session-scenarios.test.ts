import { describe, expect, it } from "vitest";
import { sideOf } from "@/features/documents/client/side.ts";
import type { SessionEffect } from "@/features/documents/client/session/effects.ts";
import type { SessionEvent } from "@/features/documents/client/session/events.ts";
import { transition } from "@/features/documents/client/session/machine.ts";
import { isDirty, isSaving, type SessionState } from "@/features/documents/client/session/state.ts";
import {
  ALPHA,
  APART,
  BETA_WITH_CY,
  CLASH,
  draftOf,
  ID,
  loading,
  MERGED_APART,
  MIDDLE,
  MINE,
  MINE_INTRO,
  V1,
  V1_INTRO,
  V2_APART,
  V2_BO,
  V2_CLASH,
  V3_CY,
  V3_MINE_ON_APART,
  versioned,
  WITH_BO,
  WITH_CY,
} from "./support/session-fixtures.ts";

// Whole paths through the machine, as the runner would play them: the user's events and the
// outside world's answers in order. Each row names the state it ends in and every effect
// asked for on the way.

interface Scenario {
  name: string;
  events: SessionEvent[];
  end: Partial<SessionState>;
  dirty: boolean;
  effects: SessionEffect[];
}

const opened: SessionEvent[] = [
  { type: "open", stored: null },
  { type: "fetched", source: "load", versioned: V1 },
];
const openedIntro: SessionEvent[] = [
  { type: "open", stored: null },
  { type: "fetched", source: "load", versioned: V1_INTRO },
];
const RESOLVED_V4 = versioned(4, `intro\nalpha mine\n${MIDDLE}beta Cy\noutro\nappendix by Cy\n`, "Ann");

const scenarios: Scenario[] = [
  {
    name: "save → 412 → clean merge → save again → saved",
    events: [...opened, { type: "edit", patch: { content: MINE.content } }, { type: "save" }, { type: "refused", current: V2_APART }, { type: "merged", merge: APART }, { type: "written", versioned: V3_MINE_ON_APART }],
    end: { phase: "ready", op: null, base: V3_MINE_ON_APART, draft: MERGED_APART, conflict: null, notice: { tone: "success", text: "Merged with changes by Bo in v2.", changes: { before: sideOf(V1), after: sideOf(V2_APART), title: "Changes by Bo in v2" } } },
    dirty: false,
    effects: [
      { type: "fetch", source: "load" },
      { type: "persist-draft", draft: draftOf(MINE, V1), debounce: true },
      { type: "save", side: MINE, ifMatch: '"v1"', merge: true },
      { type: "merge", base: sideOf(V1), mine: MINE, theirs: sideOf(V2_APART) },
      { type: "save", side: MERGED_APART, ifMatch: '"v2"', merge: true },
      { type: "broadcast", message: { type: "saved", docId: ID, version: 3, etag: '"v3"', by: "Ann" } },
      { type: "clear-draft" },
    ],
  },
  {
    name: "save → 412 → conflict → dialog → Use theirs → saved merged",
    events: [
      ...opened,
      { type: "edit", patch: { content: MINE.content } },
      { type: "save" },
      { type: "refused", current: V2_CLASH },
      { type: "merged", merge: CLASH },
      { type: "close-dialog" },
      { type: "save" },
      { type: "choose", field: "content", conflictId: CLASH.content.chunks.find((c) => c.kind === "conflict")!.id, resolution: "theirs" },
      { type: "save-merged", resolved: sideOf(V2_CLASH) },
      { type: "written", versioned: versioned(3, V2_CLASH.doc.content, "Ann") },
    ],
    end: { phase: "ready", op: null, base: versioned(3, V2_CLASH.doc.content, "Ann"), draft: sideOf(V2_CLASH), conflict: null, dialogOpen: false, notice: { tone: "success", text: "Saved the merged version as v3." } },
    dirty: false,
    effects: [
      { type: "fetch", source: "load" },
      { type: "persist-draft", draft: draftOf(MINE, V1), debounce: true },
      { type: "save", side: MINE, ifMatch: '"v1"', merge: true },
      { type: "merge", base: sideOf(V1), mine: MINE, theirs: sideOf(V2_CLASH) },
      { type: "save", side: sideOf(V2_CLASH), ifMatch: '"v2"' },
      { type: "broadcast", message: { type: "saved", docId: ID, version: 3, etag: '"v3"', by: "Ann" } },
      { type: "clear-draft" },
    ],
  },
  {
    name: "a third writer during the dialog: re-merged, the unchanged conflict keeps its choice",
    events: [
      ...openedIntro,
      { type: "edit", patch: { content: MINE_INTRO.content } },
      { type: "save" },
      { type: "refused", current: V2_BO },
      { type: "merged", merge: WITH_BO },
      { type: "choose", field: "content", conflictId: ALPHA, resolution: "mine" },
      { type: "choose", field: "content", conflictId: WITH_BO.content.chunks.filter((c) => c.kind === "conflict")[1]!.id, resolution: "mine" },
      { type: "save-merged", resolved: MINE_INTRO },
      { type: "refused", current: V3_CY },
      { type: "merged", merge: WITH_CY },
      { type: "choose", field: "content", conflictId: BETA_WITH_CY, resolution: "theirs" },
      { type: "save-merged", resolved: sideOf(RESOLVED_V4) },
      { type: "written", versioned: RESOLVED_V4 },
    ],
    end: { phase: "ready", op: null, base: RESOLVED_V4, draft: sideOf(RESOLVED_V4), conflict: null, dialogOpen: false },
    dirty: false,
    effects: [
      { type: "fetch", source: "load" },
      { type: "persist-draft", draft: draftOf(MINE_INTRO, V1_INTRO), debounce: true },
      { type: "save", side: MINE_INTRO, ifMatch: '"v1"', merge: true },
      { type: "merge", base: sideOf(V1_INTRO), mine: MINE_INTRO, theirs: sideOf(V2_BO) },
      { type: "save", side: MINE_INTRO, ifMatch: '"v2"' },
      { type: "merge", base: sideOf(V1_INTRO), mine: MINE_INTRO, theirs: sideOf(V3_CY) },
      { type: "save", side: sideOf(RESOLVED_V4), ifMatch: '"v3"' },
      { type: "broadcast", message: { type: "saved", docId: ID, version: 4, etag: '"v4"', by: "Ann" } },
      { type: "clear-draft" },
    ],
  },
  {
    name: "another tab saves: stale banner → Merge now → unsaved merged text",
    events: [
      ...opened,
      { type: "edit", patch: { content: MINE.content } },
      { type: "tab-message", message: { type: "saved", docId: ID, version: 2, etag: '"v2"', by: "Bo", from: "tab-2" } },
      { type: "fetched", source: "tab", versioned: V2_APART },
      { type: "merge-now" },
      { type: "merged", merge: APART },
    ],
    end: { phase: "ready", op: null, base: V2_APART, draft: MERGED_APART, remote: null },
    dirty: true,
    effects: [
      { type: "fetch", source: "load" },
      { type: "persist-draft", draft: draftOf(MINE, V1), debounce: true },
      { type: "fetch", source: "tab" },
      { type: "merge", base: sideOf(V1), mine: MINE, theirs: sideOf(V2_APART) },
      { type: "persist-draft", draft: draftOf(MERGED_APART, V2_APART), debounce: false },
    ],
  },
  {
    name: "a stale draft on load merges with the newer version",
    events: [
      { type: "open", stored: draftOf(MINE, V1) },
      { type: "fetched", source: "load", versioned: V2_APART },
      { type: "revision-fetched", revision: sideOf(V1) },
      { type: "merged", merge: APART },
    ],
    end: { phase: "ready", op: null, base: V2_APART, draft: MERGED_APART },
    dirty: true,
    effects: [
      { type: "fetch", source: "load" },
      { type: "fetch-revision", version: 1 },
      { type: "merge", base: sideOf(V1), mine: MINE, theirs: sideOf(V2_APART) },
      { type: "persist-draft", draft: draftOf(MERGED_APART, V2_APART), debounce: false },
    ],
  },
  {
    name: "they delete while we edit, we re-create the document with our text",
    events: [
      ...opened,
      { type: "edit", patch: { content: MINE.content } },
      { type: "save" },
      { type: "gone", deleted: { version: 2, deletedAt: null, deletedBy: "Eve" } },
      { type: "recreate" },
      { type: "written", versioned: versioned(3, MINE.content, "Ann") },
    ],
    end: { phase: "ready", op: null, deleted: null, base: versioned(3, MINE.content, "Ann"), draft: MINE },
    dirty: false,
    effects: [
      { type: "fetch", source: "load" },
      { type: "persist-draft", draft: draftOf(MINE, V1), debounce: true },
      { type: "save", side: MINE, ifMatch: '"v1"', merge: true },
      { type: "persist-draft", draft: draftOf(MINE, V1), debounce: false },
      { type: "create", side: MINE },
      { type: "broadcast", message: { type: "saved", docId: ID, version: 3, etag: '"v3"', by: "Ann" } },
      { type: "clear-draft" },
    ],
  },
  {
    name: "we delete while they edit: asked again, then deleted anyway",
    events: [...opened, { type: "delete", ifMatch: null }, { type: "refused", current: V2_APART }, { type: "delete", ifMatch: '"v2"' }, { type: "removed" }],
    end: { phase: "not-found", op: null, deleteRefusal: null },
    dirty: false,
    effects: [
      { type: "fetch", source: "load" },
      { type: "delete", ifMatch: '"v1"' },
      { type: "delete", ifMatch: '"v2"' },
      { type: "clear-draft" },
      { type: "broadcast", message: { type: "deleted", docId: ID, version: 2, etag: null, by: null } },
      { type: "leave" },
    ],
  },
];

function play(events: SessionEvent[]): { state: SessionState; effects: SessionEffect[] } {
  let state = loading();
  const effects: SessionEffect[] = [];
  for (const event of events) {
    const next = transition(state, event);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

describe("session machine: whole paths", () => {
  it.each(scenarios)("$name", ({ events, end, dirty, effects }) => {
    const result = play(events);
    for (const [field, value] of Object.entries(end)) expect(result.state[field as keyof SessionState], field).toEqual(value);
    expect(isDirty(result.state)).toBe(dirty);
    expect(isSaving(result.state)).toBe(false);
    expect(result.effects).toEqual(effects);
  });

  it("the text typed before a 412 is never lost on the way to the dialog", () => {
    const { state } = play([...opened, { type: "edit", patch: { content: MINE.content } }, { type: "save" }, { type: "refused", current: V2_CLASH }, { type: "merged", merge: CLASH }]);
    expect(state.draft).toEqual(MINE);
    expect(state.conflict?.mine).toEqual(MINE);
    expect(state.base).toEqual(V1);
  });
});
