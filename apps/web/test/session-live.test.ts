import type { PresenceUser } from "@tandem/contract";
import { describe, expect, it } from "vitest";
import { sideOf } from "@/features/documents/client/side.ts";
import type { SessionEffect } from "@/features/documents/client/session/effects.ts";
import type { SessionEvent } from "@/features/documents/client/session/events.ts";
import { transition } from "@/features/documents/client/session/machine.ts";
import { presenceAfter } from "@/features/documents/client/session/presence.ts";
import type { Operation, SessionState } from "@/features/documents/client/session/state.ts";
import { draftOf, ID, loading, MINE, ready, V1, V2_APART, V2_MINE } from "./support/session-fixtures.ts";

// The document's event stream as the session hears it (issue 10): one transition per row, as in
// session-machine.test.ts — the state before, the event, the fields after, every effect in order.

interface Row {
  name: string;
  given: SessionState;
  event: SessionEvent;
  after: Partial<SessionState> | "unchanged";
  effects: SessionEffect[];
}

const READ: SessionEffect = { type: "fetch", source: "window" };
const saveOp: Operation = { kind: "save", base: V1, sent: MINE, snapshot: MINE, autoMerges: 0, notice: null };
const ann = (state: PresenceUser["state"]): PresenceUser => ({ id: "u-Ann", name: "Ann", state, since: "2026-11-30T10:00:00.000Z" });
const bo = (state: PresenceUser["state"]): PresenceUser => ({ id: "u-Bo", name: "Bo", state, since: "2026-11-30T10:01:00.000Z" });
const up = (patch: Partial<SessionState> = {}) => ready({ live: "up", ...patch });

const streamRows: Row[] = [
  {
    name: "the stream connects: up (polling stops)",
    given: ready(),
    event: { type: "stream-up" },
    after: { live: "up" },
    effects: [],
  },
  {
    name: "up again while up: nothing changes",
    given: up(),
    event: { type: "stream-up" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "the stream drops: down, and who else is here is no longer known",
    given: up({ others: [bo("viewing")] }),
    event: { type: "stream-down" },
    after: { live: "down", others: [] },
    effects: [],
  },
  {
    name: "down again while down: nothing changes",
    given: ready({ live: "down" }),
    event: { type: "stream-down" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "back up after a gap: up",
    given: ready({ live: "down" }),
    event: { type: "stream-up" },
    after: { live: "up" },
    effects: [],
  },
];

const changeRows: Row[] = [
  {
    name: "the stream opens with the version the editor holds: nothing to read",
    given: up(),
    event: { type: "stream-change", version: 1 },
    after: { heard: 1 },
    effects: [],
  },
  {
    name: "a newer version: read it now (the same path a poll's answer took)",
    given: up({ heard: 1 }),
    event: { type: "stream-change", version: 2 },
    after: { heard: 2, base: V1 },
    effects: [READ],
  },
  {
    name: "a newer version with unsaved text: read it (the stale banner follows the answer)",
    given: up({ draft: MINE, heard: 1 }),
    event: { type: "stream-change", version: 2 },
    after: { heard: 2, draft: MINE, remote: null },
    effects: [READ],
  },
  {
    name: "a change already heard (a replay): nothing",
    given: up({ heard: 2 }),
    event: { type: "stream-change", version: 2 },
    after: "unchanged",
    effects: [],
  },
  {
    name: "a version the stale banner already shows: remembered, nothing to read",
    given: up({ draft: MINE, heard: 1, remote: { versioned: V2_APART, source: "tab" } }),
    event: { type: "stream-change", version: 2 },
    after: { heard: 2 },
    effects: [],
  },
  {
    name: "a newer version while our save is under way: the save meets it, nothing read yet",
    given: up({ draft: MINE, heard: 1, op: saveOp }),
    event: { type: "stream-change", version: 2 },
    after: { heard: 2, op: saveOp },
    effects: [],
  },
  {
    name: "our save ends while a newer version is still unread: read it now",
    given: up({ draft: MINE, heard: 3, op: saveOp }),
    event: { type: "written", versioned: V2_MINE },
    after: { base: V2_MINE, op: null, heard: 3 },
    effects: [
      { type: "broadcast", message: { type: "saved", docId: ID, version: 2, etag: V2_MINE.etag, by: "Ann" } },
      { type: "clear-draft" },
      READ,
    ],
  },
  {
    name: "our save ends and it was the newest version: nothing to read",
    given: up({ draft: MINE, heard: 2, op: saveOp }),
    event: { type: "written", versioned: V2_MINE },
    after: { base: V2_MINE, op: null },
    effects: [{ type: "broadcast", message: { type: "saved", docId: ID, version: 2, etag: V2_MINE.etag, by: "Ann" } }, { type: "clear-draft" }],
  },
  {
    name: "deleted (its version is the deletion's): read, and the 410 takes the deleted path",
    given: up({ draft: MINE, heard: 1 }),
    event: { type: "stream-change", version: 2 },
    after: { heard: 2, phase: "ready" },
    effects: [READ],
  },
  {
    name: "a change while the text is shown as deleted: remembered, nothing read (re-creating meets it)",
    given: up({ phase: "deleted", draft: MINE, heard: 2 }),
    event: { type: "stream-change", version: 3 },
    after: { heard: 3, phase: "deleted" },
    effects: [],
  },
  {
    name: "a change while signed out: remembered, not read (it would meet 401)",
    given: up({ signedOut: true, heard: 1 }),
    event: { type: "stream-change", version: 2 },
    after: { heard: 2 },
    effects: [],
  },
  {
    name: "reset (too much to replay): read the document again",
    given: up({ heard: 1 }),
    event: { type: "stream-reset" },
    after: "unchanged",
    effects: [READ],
  },
  {
    name: "reset while loading: the load reads anyway",
    given: loading(),
    event: { type: "stream-reset" },
    after: "unchanged",
    effects: [],
  },
];

const pollRows: Row[] = [
  {
    name: "tick while connecting: nothing polled",
    given: ready({ live: "connecting" }),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "tick while up: nothing polled",
    given: up({ heard: 1 }),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "tick while down: the conditional GET",
    given: ready({ live: "down" }),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [READ],
  },
  {
    name: "tick while up with a pushed change still unread (its read failed): read again",
    given: up({ heard: 2 }),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [READ],
  },
  {
    name: "tick while up, a change unread, our save under way: its end reads it",
    given: up({ draft: MINE, heard: 2, op: saveOp }),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "tick while down and signed out: nothing (it would meet 401)",
    given: ready({ live: "down", signedOut: true }),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [],
  },
];

const presenceRows: Row[] = [
  {
    name: "first presence: who else is here, and who was editing on opening",
    given: up(),
    event: { type: "presence", others: [bo("editing")] },
    after: { others: [bo("editing")], editingAtOpen: ["u-Bo"] },
    effects: [],
  },
  {
    name: "first presence with nobody editing: no warning, ever after",
    given: up(),
    event: { type: "presence", others: [bo("viewing")] },
    after: { others: [bo("viewing")], editingAtOpen: [] },
    effects: [],
  },
  {
    name: "someone starts editing later: shown in the header, not warned about",
    given: up({ others: [bo("viewing")], editingAtOpen: [] }),
    event: { type: "presence", others: [bo("editing")] },
    after: { others: [bo("editing")], editingAtOpen: [] },
    effects: [],
  },
  {
    name: "the one editing on opening stops (saved): the warning goes for good",
    given: up({ others: [bo("editing")], editingAtOpen: ["u-Bo"] }),
    event: { type: "presence", others: [bo("viewing"), ann("editing")] },
    after: { others: [bo("viewing"), ann("editing")], editingAtOpen: [] },
    effects: [],
  },
  {
    name: "presence changes nothing of the document",
    given: up({ draft: MINE, heard: 1 }),
    event: { type: "presence", others: [] },
    after: { draft: MINE, base: V1, others: [], editingAtOpen: [] },
    effects: [],
  },
];

const signOutRows: Row[] = [
  {
    name: "signed out in another tab: read, to find out whether this session ended too",
    given: up({ draft: MINE }),
    event: { type: "tab-message", message: { type: "signed-out", from: "tab-2" } },
    after: "unchanged",
    effects: [{ type: "fetch", source: "tab" }],
  },
  {
    name: "signed out in another tab while the text is shown as deleted: read too",
    given: up({ phase: "deleted", draft: MINE }),
    event: { type: "tab-message", message: { type: "signed-out", from: "tab-2" } },
    after: "unchanged",
    effects: [{ type: "fetch", source: "tab" }],
  },
  {
    name: "signed out in another tab, already known here: nothing",
    given: up({ signedOut: true }),
    event: { type: "tab-message", message: { type: "signed-out", from: "tab-2" } },
    after: "unchanged",
    effects: [],
  },
  {
    name: "the read meets 401: the session has ended, the draft is on disk at once",
    given: up({ draft: MINE }),
    event: { type: "fetch-unauthorized", source: "tab" },
    after: { signedOut: true, draft: MINE },
    effects: [{ type: "persist-draft", draft: draftOf(MINE, V1), debounce: false }],
  },
];

const tables: [string, Row[]][] = [
  ["up and down", streamRows],
  ["pushed changes", changeRows],
  ["the polling tick", pollRows],
  ["presence", presenceRows],
  ["signed out in another tab", signOutRows],
];

describe.each(tables)("session machine, the document's stream: %s", (_title, rows) => {
  it.each(rows)("$name", ({ given, event, after, effects }) => {
    const result = transition(given, event);
    if (after === "unchanged") expect(result.state).toBe(given);
    else for (const [field, value] of Object.entries(after)) expect(result.state[field as keyof SessionState], field).toEqual(value);
    expect(result.effects).toEqual(effects);
  });
});

describe("session machine, the document's stream: a whole path", () => {
  it("Bo saves while Ann has unsaved text: the push reads it, the stale banner shows, no tick polls", () => {
    const events: SessionEvent[] = [
      { type: "open", stored: null },
      { type: "fetched", source: "load", versioned: V1 },
      { type: "stream-up" },
      { type: "stream-change", version: 1 },
      { type: "edit", patch: { content: MINE.content } },
      { type: "poll-due" },
      { type: "stream-change", version: 2 },
      { type: "fetched", source: "window", versioned: V2_APART },
      { type: "poll-due" },
    ];
    let state = loading();
    const effects: SessionEffect[] = [];
    for (const event of events) {
      const result = transition(state, event);
      state = result.state;
      effects.push(...result.effects);
    }
    expect(state).toMatchObject({ live: "up", heard: 2, base: V1, draft: MINE, remote: { versioned: V2_APART, source: "window" } });
    expect(effects).toEqual([{ type: "fetch", source: "load" }, { type: "persist-draft", draft: draftOf(MINE, V1), debounce: true }, READ]);
  });

  it("the stream drops: ticks poll until it is back", () => {
    let state = up();
    const fetches: number[] = [];
    const events: SessionEvent[] = [{ type: "poll-due" }, { type: "stream-down" }, { type: "poll-due" }, { type: "poll-due" }, { type: "stream-up" }, { type: "poll-due" }];
    events.forEach((event, i) => {
      const result = transition(state, event);
      state = result.state;
      if (result.effects.some((e) => e.type === "fetch")) fetches.push(i);
    });
    expect(fetches).toEqual([2, 3]);
  });
});

// What this tab tells the server about itself after a transition (the runner throttles repeats).
describe("presence this tab announces", () => {
  const rows: { name: string; before: SessionState; after: SessionState; event: SessionEvent; says: "editing" | "viewing" | null }[] = [
    { name: "typing leaves unsaved changes: editing", before: up(), after: up({ draft: MINE }), event: { type: "edit", patch: MINE }, says: "editing" },
    { name: "typing on: editing again (throttled by the runner)", before: up({ draft: MINE }), after: up({ draft: { ...MINE, content: "A\n" } }), event: { type: "edit", patch: { content: "A\n" } }, says: "editing" },
    { name: "typing back to the saved text: viewing", before: up({ draft: MINE }), after: up(), event: { type: "edit", patch: sideOf(V1) }, says: "viewing" },
    { name: "restoring an old revision: editing", before: up(), after: up({ draft: MINE }), event: { type: "restore", revision: MINE }, says: "editing" },
    { name: "the save went through: viewing", before: up({ draft: MINE, op: saveOp }), after: up({ base: V2_MINE, draft: MINE }), event: { type: "written", versioned: V2_MINE }, says: "viewing" },
    { name: "a save that left newer typing: nothing new", before: up({ draft: MINE, op: saveOp }), after: up({ base: V2_MINE, draft: { ...MINE, content: "more\n" } }), event: { type: "written", versioned: V2_MINE }, says: null },
    { name: "a clean editor moves to a newer version: nothing", before: up(), after: up({ base: V2_APART, draft: sideOf(V2_APART) }), event: { type: "fetched", source: "window", versioned: V2_APART }, says: null },
    { name: "Merge now (still unsaved): nothing", before: up({ draft: MINE }), after: up({ draft: MINE, remote: null }), event: { type: "merge-now" }, says: null },
    { name: "typing while the text is shown as deleted: nothing", before: up({ phase: "deleted", draft: MINE }), after: up({ phase: "deleted", draft: { ...MINE, content: "x" } }), event: { type: "edit", patch: { content: "x" } }, says: null },
    { name: "the text is discarded (the page is left): nothing", before: up({ phase: "deleted", draft: MINE }), after: up({ phase: "not-found" }), event: { type: "discard" }, says: null },
  ];
  it.each(rows)("$name", ({ before, after, event, says }) => {
    expect(presenceAfter(before, after, event)).toBe(says);
  });
});
