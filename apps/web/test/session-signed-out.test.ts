import { describe, expect, it } from "vitest";
import { sideOf } from "@/features/documents/client/side.ts";
import type { SessionEffect } from "@/features/documents/client/session/effects.ts";
import type { SessionEvent } from "@/features/documents/client/session/events.ts";
import { transition } from "@/features/documents/client/session/machine.ts";
import { sessionEnded } from "@/features/documents/client/session/notices.ts";
import { isDirty, type Operation, type SessionState } from "@/features/documents/client/session/state.ts";
import {
  APART,
  draftOf,
  ID,
  loading,
  MINE,
  MINE_INTRO,
  ready,
  V1,
  V1_INTRO,
  V2_APART,
  V2_BO,
  V2_MINE,
  WITH_BO,
} from "./support/session-fixtures.ts";

// The session ends mid-edit (401: expired, or signed out in another tab). One transition per
// row, as in session-machine.test.ts: the draft is kept (on screen and written to disk at
// once), nothing is retried by itself, the editor asks to sign in, and the first answer that
// shows a session again takes the notice away.

interface Row {
  name: string;
  given: SessionState;
  event: SessionEvent;
  after: Partial<SessionState> | "unchanged";
  effects: SessionEffect[];
}

type SaveOp = Extract<Operation, { kind: "save" }>;
const saveOp = (patch: Partial<SaveOp> = {}): SaveOp => ({ kind: "save", base: V1, sent: MINE, snapshot: MINE, autoMerges: 0, notice: null, ...patch });
const saveMergeOp: Operation = { ...saveOp(), kind: "save-merge", theirs: V2_APART };
const keepNow = (side = MINE, base = V1): SessionEffect => ({ type: "persist-draft", draft: draftOf(side, base), debounce: false });
const choices = { title: {}, content: {} };
const resolving = ready({
  base: V1_INTRO,
  draft: MINE_INTRO,
  dialogOpen: true,
  conflict: { base: sideOf(V1_INTRO), mine: MINE_INTRO, theirs: V2_BO, merge: WITH_BO, choices, reason: null },
});
const signedOut = (patch: Partial<SessionState> = {}) => ready({ draft: MINE, signedOut: true, ...patch });

const endRows: Row[] = [
  {
    name: "a save meets 401: the draft is written at once, the save is not retried",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "unauthorized" },
    after: { op: null, signedOut: true, draft: MINE, base: V1, error: null },
    effects: [keepNow()],
  },
  {
    name: "a poll meets 401 with unsaved text: the draft is written at once",
    given: ready({ draft: MINE }),
    event: { type: "fetch-unauthorized", source: "window" },
    after: { signedOut: true, draft: MINE, phase: "ready" },
    effects: [keepNow()],
  },
  {
    name: "a poll meets 401 with nothing unsaved: no draft to keep",
    given: ready(),
    event: { type: "fetch-unauthorized", source: "window" },
    after: { signedOut: true, phase: "ready" },
    effects: [{ type: "clear-draft" }],
  },
  {
    name: "another tab's news meets 401 while a save is under way: the save still gets its answer",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "fetch-unauthorized", source: "tab" },
    after: { signedOut: true, op: saveOp() },
    effects: [keepNow()],
  },
  {
    name: "a second 401 changes nothing",
    given: signedOut(),
    event: { type: "fetch-unauthorized", source: "window" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "the first load meets 401: asks to sign in; a stored draft stays on disk untouched",
    given: loading({ op: { kind: "load", stored: draftOf(MINE, V1) } }),
    event: { type: "fetch-unauthorized", source: "load" },
    after: { phase: "error", op: null, signedOut: true, base: null, error: "Your session has ended." },
    effects: [],
  },
  {
    name: "the base revision of a stale draft meets 401: the same, the draft stays on disk",
    given: loading({ op: { kind: "load-revision", stored: draftOf(MINE, V1), server: V2_APART } }),
    event: { type: "unauthorized" },
    after: { phase: "error", op: null, signedOut: true },
    effects: [],
  },
  {
    name: "Save merged meets 401: the dialog closes over the notice, the choices are kept",
    given: { ...resolving, op: { kind: "save-merged", resolved: MINE_INTRO } },
    event: { type: "unauthorized" },
    after: { op: null, signedOut: true, dialogOpen: false, conflict: resolving.conflict, draft: MINE_INTRO },
    effects: [keepNow(MINE_INTRO, V1_INTRO)],
  },
  {
    name: "a delete meets 401: nothing deleted, the text kept",
    given: ready({ draft: MINE, op: { kind: "delete" } }),
    event: { type: "unauthorized" },
    after: { op: null, signedOut: true, phase: "ready", draft: MINE },
    effects: [keepNow()],
  },
  {
    name: "re-creating a deleted document meets 401: the text stays, still deleted",
    given: ready({ phase: "deleted", draft: MINE, op: { kind: "recreate" } }),
    event: { type: "unauthorized" },
    after: { op: null, signedOut: true, phase: "deleted", draft: MINE },
    effects: [keepNow()],
  },
  {
    name: "a 401 with no request under way (a late answer): ignored",
    given: ready({ draft: MINE }),
    event: { type: "unauthorized" },
    after: "unchanged",
    effects: [],
  },
];

const whileSignedOutRows: Row[] = [
  {
    name: "polling stops",
    given: signedOut(),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "typing goes on, and so do the drafts",
    given: signedOut(),
    event: { type: "edit", patch: { content: "A\nb\nc\nmore\n" } },
    after: { signedOut: true, draft: { title: MINE.title, content: "A\nb\nc\nmore\n" } },
    effects: [{ type: "persist-draft", draft: draftOf({ title: MINE.title, content: "A\nb\nc\nmore\n" }, V1), debounce: true }],
  },
  {
    name: "Save is still the user's to press (signed in again in another tab, it goes through)",
    given: signedOut(),
    event: { type: "save" },
    after: { signedOut: true, op: saveOp() },
    effects: [{ type: "save", side: MINE, ifMatch: V1.etag, merge: true }],
  },
  {
    name: "another tab saved (it has a session): its news is read",
    given: signedOut(),
    event: { type: "tab-message", message: { type: "saved", docId: ID, version: 2, etag: V2_APART.etag, by: "Bo", from: "tab-2" } },
    after: "unchanged",
    effects: [{ type: "fetch", source: "tab" }],
  },
];

const backRows: Row[] = [
  {
    name: "the save goes through: saved, the notice goes",
    given: signedOut({ op: saveOp() }),
    event: { type: "written", versioned: V2_MINE },
    after: { signedOut: false, op: null, base: V2_MINE, draft: MINE },
    effects: [
      { type: "broadcast", message: { type: "saved", docId: ID, version: 2, etag: V2_MINE.etag, by: "Ann" } },
      { type: "clear-draft" },
    ],
  },
  {
    name: "the save meets 412 (so there is a session): the notice goes, the merge starts",
    given: signedOut({ op: saveOp() }),
    event: { type: "refused", current: V2_APART },
    after: { signedOut: false, op: saveMergeOp },
    effects: [{ type: "merge", base: sideOf(V1), mine: MINE, theirs: sideOf(V2_APART) }],
  },
  {
    name: "a read gets through: the notice goes, the newer version is flagged",
    given: signedOut(),
    event: { type: "fetched", source: "tab", versioned: V2_APART },
    after: { signedOut: false, remote: { versioned: V2_APART, source: "tab" }, draft: MINE },
    effects: [],
  },
  {
    name: "a merge result is no sign of a session: the notice stays",
    given: signedOut({ op: saveMergeOp }),
    event: { type: "merged", merge: APART },
    after: { signedOut: true },
    effects: [{ type: "save", side: APART.merged!, ifMatch: V2_APART.etag, merge: true }],
  },
];

const tables: [string, Row[]][] = [
  ["the session ends", endRows],
  ["while signed out", whileSignedOutRows],
  ["signed in again", backRows],
];

describe.each(tables)("session machine, 401: %s", (_title, rows) => {
  it.each(rows)("$name", ({ given, event, after, effects }) => {
    const result = transition(given, event);
    if (after === "unchanged") expect(result.state).toBe(given);
    else for (const [field, value] of Object.entries(after)) expect(result.state[field as keyof SessionState], field).toEqual(value);
    expect(result.effects).toEqual(effects);
  });
});

describe("session machine, 401: a whole path", () => {
  it("edit → save → 401 → sign in elsewhere → Save → saved; nothing was lost on the way", () => {
    const events: SessionEvent[] = [
      { type: "open", stored: null },
      { type: "fetched", source: "load", versioned: V1 },
      { type: "edit", patch: { content: MINE.content } },
      { type: "save" },
      { type: "unauthorized" },
      { type: "poll-due" },
      { type: "save" },
      { type: "written", versioned: V2_MINE },
    ];
    let state = loading();
    const effects: SessionEffect[] = [];
    const seen: boolean[] = [];
    for (const event of events) {
      const result = transition(state, event);
      state = result.state;
      effects.push(...result.effects);
      seen.push(state.signedOut);
    }
    expect(seen).toEqual([false, false, false, false, true, true, true, false]);
    expect(state).toMatchObject({ phase: "ready", base: V2_MINE, draft: MINE, op: null });
    expect(isDirty(state)).toBe(false);
    expect(effects).toEqual([
      { type: "fetch", source: "load" },
      { type: "persist-draft", draft: draftOf(MINE, V1), debounce: true },
      { type: "save", side: MINE, ifMatch: V1.etag, merge: true },
      keepNow(),
      { type: "save", side: MINE, ifMatch: V1.etag, merge: true },
      { type: "broadcast", message: { type: "saved", docId: ID, version: 2, etag: V2_MINE.etag, by: "Ann" } },
      { type: "clear-draft" },
    ]);
  });

  it("the notice says the changes are kept only when there are some", () => {
    expect(sessionEnded(true)).toBe("Your session has ended. Your changes are kept in this browser — sign in again to save them.");
    expect(sessionEnded(false)).toBe("Your session has ended. Sign in again to keep editing.");
  });
});
