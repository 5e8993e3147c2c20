import { describe, expect, it } from "vitest";
import { sideOf } from "@/features/documents/client/side.ts";
import type { SessionEffect } from "@/features/documents/client/session/effects.ts";
import type { SessionEvent } from "@/features/documents/client/session/events.ts";
import { transition } from "@/features/documents/client/session/machine.ts";
import type { SessionState } from "@/features/documents/client/session/state.ts";
import { APART, draftOf, ID, loading, MERGED_APART, MINE, ready, V1, versioned } from "./support/session-fixtures.ts";

// Issue 11 item 6 in the session: the Summary field's text goes with every write the user
// makes, lives in the draft, empties once stored, and another writer's summary is in the
// notices ("Merged with changes by Bo in v2 — fix dates").

interface Row {
  name: string;
  given: SessionState;
  event: SessionEvent;
  after: Partial<SessionState>;
  effects: SessionEffect[];
}

const V2_BO_SUMMARY = versioned(2, "a\nb\nC\n", "Bo", "Plan", "fix dates");
const V2_SAVED = versioned(2, "A\nb\nc\n", "Ann", "Plan", "fix line 1");
const persisted = (summary?: string): SessionEffect => ({ type: "persist-draft", draft: { ...draftOf(MINE, V1), ...(summary ? { summary } : {}) }, debounce: true });
const saveOp = { kind: "save" as const, base: V1, sent: MINE, snapshot: MINE, autoMerges: 0, notice: null };

const rows: Row[] = [
  {
    name: "typing a summary with unsaved text keeps it in the draft",
    given: ready({ draft: MINE }),
    event: { type: "edit-summary", summary: "fix line 1" },
    after: { summary: "fix line 1" },
    effects: [persisted("fix line 1")],
  },
  {
    name: "typing text keeps the summary in the draft",
    given: ready({ summary: "fix line 1" }),
    event: { type: "edit", patch: { content: MINE.content } },
    after: { draft: MINE },
    effects: [persisted("fix line 1")],
  },
  {
    name: "a summary without changed text is nothing to keep",
    given: ready(),
    event: { type: "edit-summary", summary: "just a note" },
    after: { summary: "just a note" },
    effects: [{ type: "clear-draft" }],
  },
  {
    name: "Save sends the summary with the text",
    given: ready({ draft: MINE, summary: "fix line 1" }),
    event: { type: "save" },
    after: { op: saveOp },
    effects: [{ type: "save", side: MINE, summary: "fix line 1", ifMatch: V1.etag, merge: true }],
  },
  {
    name: "a blank summary is not sent",
    given: ready({ draft: MINE, summary: "   " }),
    event: { type: "save" },
    after: { op: saveOp },
    effects: [{ type: "save", side: MINE, ifMatch: V1.etag, merge: true }],
  },
  {
    name: "once stored, the Summary field empties",
    given: ready({ draft: MINE, summary: " fix line 1 ", op: saveOp }),
    event: { type: "written", versioned: V2_SAVED },
    after: { base: V2_SAVED, summary: "" },
    effects: [{ type: "broadcast", message: { type: "saved", docId: ID, version: 2, etag: V2_SAVED.etag, by: "Ann" } }, { type: "clear-draft" }],
  },
  {
    name: "edited while the save was under way, the Summary field keeps the new text",
    given: ready({ draft: MINE, summary: "fix line 1 and more", op: saveOp }),
    event: { type: "written", versioned: V2_SAVED },
    after: { base: V2_SAVED, summary: "fix line 1 and more" },
    effects: [{ type: "broadcast", message: { type: "saved", docId: ID, version: 2, etag: V2_SAVED.etag, by: "Ann" } }, { type: "clear-draft" }],
  },
  {
    name: "the automatic merge's save sends the summary again",
    given: ready({ draft: MINE, summary: "fix line 1", op: { ...saveOp, kind: "save-merge", theirs: V2_BO_SUMMARY } }),
    event: { type: "merged", merge: APART },
    after: {
      op: {
        ...saveOp,
        base: V2_BO_SUMMARY,
        sent: MERGED_APART,
        autoMerges: 1,
        notice: { tone: "success", text: "Merged with changes by Bo in v2", summary: "fix dates", changes: { before: sideOf(V1), after: sideOf(V2_BO_SUMMARY), title: "Changes by Bo in v2" } },
      },
    },
    effects: [{ type: "save", side: MERGED_APART, summary: "fix line 1", ifMatch: V2_BO_SUMMARY.etag, merge: true }],
  },
  {
    name: "a restored draft brings its summary back",
    given: loading(),
    event: { type: "open", stored: { ...draftOf(MINE, V1), summary: "fix line 1" } },
    after: { summary: "fix line 1" },
    effects: [{ type: "fetch", source: "load" }],
  },
  {
    name: "another window's version is announced with its summary",
    given: ready({ live: "up", heard: 2 }),
    event: { type: "fetched", source: "window", versioned: V2_BO_SUMMARY },
    after: { base: V2_BO_SUMMARY, notice: { tone: "info", text: "Updated to v2 by Bo", summary: "fix dates" } },
    effects: [{ type: "clear-draft" }],
  },
  {
    name: "a draft write that failed: the editor says the text is not on this device",
    given: ready({ draft: MINE }),
    event: { type: "draft-stored", stored: false },
    after: { draftUnstored: true },
    effects: [],
  },
  {
    name: "the next write that succeeds takes the warning away",
    given: ready({ draft: MINE, draftUnstored: true }),
    event: { type: "draft-stored", stored: true },
    after: { draftUnstored: false },
    effects: [],
  },
];

describe("session: the edit summary and the device copy", () => {
  it.each(rows)("$name", ({ given, event, after, effects }) => {
    const result = transition(given, event);
    expect(result.state).toMatchObject(after);
    expect(result.effects).toEqual(effects);
  });
});
