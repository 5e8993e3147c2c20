import { describe, expect, it } from "vitest";
import { NO_CHOICES } from "@/features/documents/client/choices.ts";
import { EMPTY_SIDE, sideOf } from "@/features/documents/client/side.ts";
import type { SessionEffect } from "@/features/documents/client/session/effects.ts";
import type { SessionEvent } from "@/features/documents/client/session/events.ts";
import { transition } from "@/features/documents/client/session/machine.ts";
import { MAX_AUTO_MERGES } from "@/features/documents/client/session/saving.ts";
import type { Operation, SessionState } from "@/features/documents/client/session/state.ts";
import {
  ALPHA,
  APART,
  BETA_WITH_BO,
  CLASH,
  draftOf,
  ID,
  loading,
  MERGED_APART,
  MIDDLE,
  MINE,
  MINE_INTRO,
  ready,
  text,
  TYPED,
  TYPED_CLASH,
  TYPED_CLASH_ON_SAVED,
  TYPED_ON_SAVED,
  V1,
  V1_INTRO,
  V2_APART,
  V2_BO,
  V2_CLASH,
  V2_MINE,
  V3_CY,
  V3_MINE_ON_APART,
  versioned,
  WITH_BO,
  WITH_CY,
} from "./support/session-fixtures.ts";

// One transition per row: the state before, the event, the fields of the state after and
// every effect emitted (in order). A row whose `after` is "unchanged" asserts that the event
// was ignored: the very same state object and no effect.

interface Row {
  name: string;
  given: SessionState;
  event: SessionEvent;
  after: Partial<SessionState> | "unchanged";
  effects: SessionEffect[];
}

const base = sideOf(V1);
const conflictOnV2 = { base, mine: MINE, theirs: V2_CLASH, merge: CLASH, choices: NO_CHOICES, reason: null };
const bothMine = { title: {}, content: { [ALPHA]: "mine" as const, [BETA_WITH_BO]: "mine" as const } };
const resolving = ready({
  base: V1_INTRO,
  draft: MINE_INTRO,
  dialogOpen: true,
  conflict: { base: sideOf(V1_INTRO), mine: MINE_INTRO, theirs: V2_BO, merge: WITH_BO, choices: bothMine, reason: null },
});
const RESOLVED = text(`intro\nalpha mine\n${MIDDLE}beta mine\noutro\n`);
const saveOp = (patch: Partial<Extract<Operation, { kind: "save" }>> = {}): Operation => ({ kind: "save", base: V1, sent: MINE, snapshot: MINE, autoMerges: 0, notice: null, ...patch });
const mergedOnSave = {
  tone: "success" as const,
  text: "Merged with changes by Bo in v2.",
  changes: { before: base, after: sideOf(V2_APART), title: "Changes by Bo in v2" },
};
const savedBroadcast = (v: typeof V1): SessionEffect => ({
  type: "broadcast",
  message: { type: "saved", docId: ID, version: v.doc.version, etag: v.etag, by: v.doc.updatedBy },
});
const deletedInfo = { version: 2, deletedAt: "2026-11-30T10:05:00.000Z", deletedBy: "Eve" };

const loadRows: Row[] = [
  {
    name: "open: reads the document",
    given: loading(),
    event: { type: "open", stored: null },
    after: { phase: "loading", op: { kind: "load", stored: null } },
    effects: [{ type: "fetch", source: "load" }],
  },
  {
    name: "open twice (React remount): loads once",
    given: loading({ op: { kind: "load", stored: null } }),
    event: { type: "open", stored: null },
    after: "unchanged",
    effects: [],
  },
  {
    name: "loaded without a draft: ready on the server state",
    given: loading({ op: { kind: "load", stored: null } }),
    event: { type: "fetched", source: "load", versioned: V1 },
    after: { phase: "ready", op: null, base: V1, draft: base, notice: null },
    effects: [],
  },
  {
    name: "loaded with a draft equal to the server state: the draft is dropped",
    given: loading({ op: { kind: "load", stored: draftOf(base, V1) } }),
    event: { type: "fetched", source: "load", versioned: V1 },
    after: { phase: "ready", base: V1, draft: base },
    effects: [{ type: "clear-draft" }],
  },
  {
    name: "loaded with a draft made on this very version: restored as it is",
    given: loading({ op: { kind: "load", stored: draftOf(MINE, V1) } }),
    event: { type: "fetched", source: "load", versioned: V1 },
    after: { phase: "ready", op: null, base: V1, draft: MINE, notice: { tone: "info", text: "Restored your unsaved changes." } },
    effects: [],
  },
  {
    name: "stale draft on load: its base revision is read first",
    given: loading({ op: { kind: "load", stored: draftOf(MINE, V1) } }),
    event: { type: "fetched", source: "load", versioned: V2_APART },
    after: { phase: "loading", op: { kind: "load-revision", stored: draftOf(MINE, V1), server: V2_APART } },
    effects: [{ type: "fetch-revision", version: 1 }],
  },
  {
    name: "a draft is matched to the server state by ETag, not by version number",
    given: loading({ op: { kind: "load", stored: draftOf(MINE, V1) } }),
    event: { type: "fetched", source: "load", versioned: { ...V1, etag: '"re-created"' } },
    after: { phase: "loading", op: { kind: "load-revision", stored: draftOf(MINE, V1), server: { ...V1, etag: '"re-created"' } } },
    effects: [{ type: "fetch-revision", version: 1 }],
  },
  {
    name: "stale draft: base revision read, three-way merge asked for",
    given: loading({ op: { kind: "load-revision", stored: draftOf(MINE, V1), server: V2_APART } }),
    event: { type: "revision-fetched", revision: base },
    after: { phase: "loading", op: { kind: "load-merge", stored: draftOf(MINE, V1), server: V2_APART, base } },
    effects: [{ type: "merge", base, mine: MINE, theirs: sideOf(V2_APART) }],
  },
  {
    name: "stale draft whose base revision cannot be read: merged against an empty base",
    given: loading({ op: { kind: "load-revision", stored: draftOf(MINE, V1), server: V2_APART } }),
    event: { type: "revision-failed" },
    after: { op: { kind: "load-merge", stored: draftOf(MINE, V1), server: V2_APART, base: EMPTY_SIDE } },
    effects: [{ type: "merge", base: EMPTY_SIDE, mine: MINE, theirs: sideOf(V2_APART) }],
  },
  {
    name: "stale draft merges cleanly: ready on the newer version, merged text unsaved and on disk",
    given: loading({ op: { kind: "load-merge", stored: draftOf(MINE, V1), server: V2_APART, base } }),
    event: { type: "merged", merge: APART },
    after: {
      phase: "ready",
      op: null,
      base: V2_APART,
      draft: MERGED_APART,
      conflict: null,
      notice: {
        tone: "info",
        text: "Restored your unsaved changes from v1 and merged them with v2 by Bo. Review and save.",
        changes: { before: base, after: sideOf(V2_APART), title: "Changes since v1" },
      },
    },
    effects: [{ type: "persist-draft", draft: draftOf(MERGED_APART, V2_APART), debounce: false }],
  },
  {
    name: "stale draft conflicts: the merge dialog opens on load",
    given: loading({ op: { kind: "load-merge", stored: draftOf(MINE, V1), server: V2_CLASH, base } }),
    event: { type: "merged", merge: CLASH },
    after: {
      phase: "ready",
      op: null,
      base: V2_CLASH,
      draft: MINE,
      dialogOpen: true,
      conflict: { ...conflictOnV2, reason: "Your unsaved changes were made on v1; v2 changed the same lines." },
    },
    effects: [],
  },
  {
    name: "stale draft, merge engine failed to load: error, the draft stays on disk",
    given: loading({ op: { kind: "load-merge", stored: draftOf(MINE, V1), server: V2_CLASH, base } }),
    event: { type: "merge-failed", message: "chunk failed" },
    after: { phase: "error", op: null, error: "chunk failed", base: null },
    effects: [],
  },
  {
    name: "deleted (410) with unsaved text in this browser: the text is shown",
    given: loading({ op: { kind: "load", stored: draftOf(MINE, V1) } }),
    event: { type: "fetch-gone", source: "load", deleted: deletedInfo },
    after: { phase: "deleted", op: null, deleted: deletedInfo, draft: MINE },
    effects: [],
  },
  {
    name: "deleted (410) and nothing unsaved: not found",
    given: loading({ op: { kind: "load", stored: null } }),
    event: { type: "fetch-gone", source: "load", deleted: deletedInfo },
    after: { phase: "not-found", deleted: deletedInfo },
    effects: [],
  },
  {
    name: "never existed (404): not found",
    given: loading({ op: { kind: "load", stored: null } }),
    event: { type: "fetch-missing", source: "load" },
    after: { phase: "not-found", deleted: null },
    effects: [],
  },
  {
    name: "load fails: error",
    given: loading({ op: { kind: "load", stored: null } }),
    event: { type: "fetch-failed", source: "load", message: "HTTP 503" },
    after: { phase: "error", error: "HTTP 503" },
    effects: [],
  },
];

const editRows: Row[] = [
  {
    name: "typing: the draft changes and is written a moment later",
    given: ready(),
    event: { type: "edit", patch: { content: "A\nb\nc\n" } },
    after: { draft: MINE },
    effects: [{ type: "persist-draft", draft: draftOf(MINE, V1), debounce: true }],
  },
  {
    name: "typing back to the saved text: the draft is removed",
    given: ready({ draft: MINE }),
    event: { type: "edit", patch: { content: "a\nb\nc\n" } },
    after: { draft: base },
    effects: [{ type: "clear-draft" }],
  },
  {
    name: "typing while loading: ignored",
    given: loading(),
    event: { type: "edit", patch: { content: "x" } },
    after: "unchanged",
    effects: [],
  },
  {
    name: "tab hidden: the draft is written at once",
    given: ready({ draft: MINE }),
    event: { type: "flush-draft" },
    after: { draft: MINE },
    effects: [{ type: "persist-draft", draft: draftOf(MINE, V1), debounce: false }],
  },
  {
    name: "tab hidden after a discard: nothing left to write",
    given: ready({ phase: "not-found", draft: EMPTY_SIDE }),
    event: { type: "flush-draft" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "dismiss the notice",
    given: ready({ notice: { tone: "info", text: "Restored your unsaved changes." } }),
    event: { type: "dismiss-notice" },
    after: { notice: null },
    effects: [],
  },
];

const saveRows: Row[] = [
  {
    name: "save: PUT with If-Match of the base",
    given: ready({ draft: MINE, error: "Could not save: x. Your changes are kept; try again." }),
    event: { type: "save" },
    after: { op: saveOp(), error: null },
    effects: [{ type: "save", side: MINE, ifMatch: '"v1"', merge: true }],
  },
  {
    name: "save without changes: nothing to do",
    given: ready(),
    event: { type: "save" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "save while a save is under way: ignored",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "save" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "save with an unresolved conflict: the dialog opens instead",
    given: ready({ draft: MINE, conflict: conflictOnV2, dialogOpen: false }),
    event: { type: "save" },
    after: { dialogOpen: true, op: null },
    effects: [],
  },
  {
    name: "saved: new base, clean editor, other tabs told, draft removed, the notice left as it was",
    given: ready({ draft: MINE, op: saveOp(), notice: { tone: "info", text: "Restored your unsaved changes." } }),
    event: { type: "written", versioned: V2_MINE },
    after: { op: null, base: V2_MINE, draft: MINE, conflict: null, dialogOpen: false, error: null, notice: { tone: "info", text: "Restored your unsaved changes." } },
    effects: [savedBroadcast(V2_MINE), { type: "clear-draft" }],
  },
  {
    name: "saved while the user kept typing: the newer text is merged onto the saved one",
    given: ready({ draft: TYPED, op: saveOp() }),
    event: { type: "written", versioned: V2_MINE },
    after: { op: { kind: "reconcile", saved: V2_MINE, snapshot: MINE, mine: TYPED, notice: null }, base: V1, draft: TYPED },
    effects: [{ type: "merge", base: MINE, mine: TYPED, theirs: sideOf(V2_MINE) }],
  },
  {
    name: "kept typing, merged cleanly: the typed text stays, unsaved, on the new base",
    given: ready({ draft: TYPED, op: { kind: "reconcile", saved: V2_MINE, snapshot: MINE, mine: TYPED, notice: null } }),
    event: { type: "merged", merge: TYPED_ON_SAVED },
    after: { op: null, base: V2_MINE, draft: TYPED, conflict: null },
    effects: [savedBroadcast(V2_MINE), { type: "persist-draft", draft: draftOf(TYPED, V2_MINE), debounce: false }],
  },
  {
    name: "kept typing over lines the save merged: the dialog opens",
    given: ready({ draft: TYPED_CLASH, op: { kind: "reconcile", saved: V3_MINE_ON_APART, snapshot: MINE, mine: TYPED_CLASH, notice: mergedOnSave } }),
    event: { type: "merged", merge: TYPED_CLASH_ON_SAVED },
    after: {
      op: null,
      base: V3_MINE_ON_APART,
      draft: TYPED_CLASH,
      dialogOpen: true,
      notice: mergedOnSave,
      conflict: { base: MINE, mine: TYPED_CLASH, theirs: V3_MINE_ON_APART, merge: TYPED_CLASH_ON_SAVED, choices: NO_CHOICES, reason: "You kept typing while the save merged other changes." },
    },
    effects: [savedBroadcast(V3_MINE_ON_APART), { type: "persist-draft", draft: draftOf(TYPED_CLASH, V3_MINE_ON_APART), debounce: false }],
  },
  {
    name: "kept typing during the merge too: merged again with the newest text",
    given: ready({ draft: TYPED_CLASH, op: { kind: "reconcile", saved: V2_MINE, snapshot: MINE, mine: TYPED, notice: null } }),
    event: { type: "merged", merge: TYPED_ON_SAVED },
    after: { op: { kind: "reconcile", saved: V2_MINE, snapshot: MINE, mine: TYPED_CLASH, notice: null }, base: V1 },
    effects: [{ type: "merge", base: MINE, mine: TYPED_CLASH, theirs: sideOf(V2_MINE) }],
  },
  {
    name: "412 on save: merge mine with the current state, against our base",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "refused", current: V2_APART },
    after: { op: { ...saveOp(), kind: "save-merge", theirs: V2_APART } as Operation },
    effects: [{ type: "merge", base, mine: MINE, theirs: sideOf(V2_APART) }],
  },
  {
    name: "412 on a retried save: what was sent is merged, not the text typed since",
    given: ready({ draft: TYPED, op: saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave }) }),
    event: { type: "refused", current: V3_CY },
    after: { op: { ...saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave }), kind: "save-merge", theirs: V3_CY } as Operation, draft: TYPED },
    effects: [{ type: "merge", base: sideOf(V2_APART), mine: MERGED_APART, theirs: sideOf(V3_CY) }],
  },
  {
    name: "412 merged cleanly: saved again at once, on their version",
    given: ready({ draft: MINE, op: { ...saveOp(), kind: "save-merge", theirs: V2_APART } as Operation }),
    event: { type: "merged", merge: APART },
    after: { op: saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave }), base: V1, draft: MINE, dialogOpen: false },
    effects: [{ type: "save", side: MERGED_APART, ifMatch: '"v2"', merge: true }],
  },
  {
    name: "the merged save succeeds: the merge notice shows, the merged text is the new base",
    given: ready({ draft: MINE, op: saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave }) }),
    event: { type: "written", versioned: V3_MINE_ON_APART },
    after: { op: null, base: V3_MINE_ON_APART, draft: MERGED_APART, notice: mergedOnSave },
    effects: [savedBroadcast(V3_MINE_ON_APART), { type: "clear-draft" }],
  },
  {
    name: "412 that conflicts: the merge dialog opens, nothing is written",
    given: ready({ draft: MINE, remote: { versioned: V2_CLASH, source: "window" }, op: { ...saveOp(), kind: "save-merge", theirs: V2_CLASH } as Operation }),
    event: { type: "merged", merge: CLASH },
    after: { op: null, base: V1, draft: MINE, remote: null, dialogOpen: true, conflict: conflictOnV2 },
    effects: [],
  },
  {
    name: `412 after ${MAX_AUTO_MERGES} automatic merges: the dialog decides, even for a clean merge`,
    given: ready({ draft: MINE, op: { ...saveOp({ autoMerges: MAX_AUTO_MERGES }), kind: "save-merge", theirs: V2_APART } as Operation }),
    event: { type: "merged", merge: APART },
    after: { op: null, dialogOpen: true, conflict: { base, mine: MINE, theirs: V2_APART, merge: APART, choices: NO_CHOICES, reason: null } },
    effects: [],
  },
  {
    name: "the merge engine failed during a save: error, the text stays",
    given: ready({ draft: MINE, op: { ...saveOp(), kind: "save-merge", theirs: V2_APART } as Operation }),
    event: { type: "merge-failed", message: "chunk failed" },
    after: { op: null, base: V1, draft: MINE, error: "Could not merge: chunk failed. Your changes are kept; try again." },
    effects: [],
  },
  {
    name: "they deleted while we edited (save meets 410): our text stays and is kept on disk",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "gone", deleted: deletedInfo },
    after: { op: null, phase: "deleted", deleted: deletedInfo, draft: MINE, dialogOpen: false },
    effects: [{ type: "persist-draft", draft: draftOf(MINE, V1), debounce: false }],
  },
  {
    name: "save fails (network, 5xx): error, the text stays",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "failed", message: "HTTP 503" },
    after: { op: null, base: V1, draft: MINE, error: "Could not save: HTTP 503. Your changes are kept; try again." },
    effects: [],
  },
  {
    name: "restore a revision from the history: it becomes the draft and is saved",
    given: ready({ base: V2_MINE, draft: sideOf(V2_MINE) }),
    event: { type: "restore", revision: base },
    after: { draft: base, op: { kind: "save", base: V2_MINE, sent: base, snapshot: base, autoMerges: 0, notice: null } },
    effects: [
      { type: "persist-draft", draft: draftOf(base, V2_MINE), debounce: true },
      { type: "save", side: base, ifMatch: '"v2"', merge: true },
    ],
  },
];

const dialogRows: Row[] = [
  {
    name: "close the dialog (Esc): conflict and draft stay",
    given: ready({ draft: MINE, conflict: conflictOnV2, dialogOpen: true }),
    event: { type: "close-dialog" },
    after: { dialogOpen: false, conflict: conflictOnV2, draft: MINE },
    effects: [],
  },
  {
    name: "reopen the dialog from the banner",
    given: ready({ draft: MINE, conflict: conflictOnV2, dialogOpen: false }),
    event: { type: "open-dialog" },
    after: { dialogOpen: true },
    effects: [],
  },
  {
    name: "open the dialog without a conflict: nothing to show",
    given: ready(),
    event: { type: "open-dialog" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "a choice is remembered by field and conflict id",
    given: ready({ draft: MINE, conflict: conflictOnV2, dialogOpen: true }),
    event: { type: "choose", field: "content", conflictId: "c1", resolution: "theirs" },
    after: { conflict: { ...conflictOnV2, choices: { title: {}, content: { c1: "theirs" } } } },
    effects: [],
  },
  {
    name: "save merged: PUT against the version the dialog merged with",
    given: resolving,
    event: { type: "save-merged", resolved: RESOLVED },
    after: { op: { kind: "save-merged", resolved: RESOLVED }, dialogOpen: true },
    effects: [{ type: "save", side: RESOLVED, ifMatch: '"v2"' }],
  },
  {
    name: "merged version saved: conflict gone, clean editor, notice",
    given: { ...resolving, op: { kind: "save-merged", resolved: RESOLVED } },
    event: { type: "written", versioned: versioned(3, RESOLVED.content, "Ann") },
    after: {
      op: null,
      conflict: null,
      dialogOpen: false,
      base: versioned(3, RESOLVED.content, "Ann"),
      draft: RESOLVED,
      notice: { tone: "success", text: "Saved the merged version as v3." },
    },
    effects: [savedBroadcast(versioned(3, RESOLVED.content, "Ann")), { type: "clear-draft" }],
  },
  {
    name: "a third writer got in during the dialog: the same two sides are merged with the newest version",
    given: { ...resolving, op: { kind: "save-merged", resolved: RESOLVED } },
    event: { type: "refused", current: V3_CY },
    after: { op: { kind: "remerge", theirs: V3_CY }, dialogOpen: true },
    effects: [{ type: "merge", base: sideOf(V1_INTRO), mine: MINE_INTRO, theirs: sideOf(V3_CY) }],
  },
  {
    name: "re-merged: the choices whose conflict still exists are kept, the dialog says why it is back",
    given: { ...resolving, op: { kind: "remerge", theirs: V3_CY } },
    event: { type: "merged", merge: WITH_CY },
    after: {
      op: null,
      dialogOpen: true,
      conflict: {
        base: sideOf(V1_INTRO),
        mine: MINE_INTRO,
        theirs: V3_CY,
        merge: WITH_CY,
        choices: { title: {}, content: { [ALPHA]: "mine" } },
        reason: "Cy saved v3 while you were resolving. Your choices are kept where they still apply.",
      },
    },
    effects: [],
  },
  {
    name: "saving the merge meets a deletion: our text stays",
    given: { ...resolving, op: { kind: "save-merged", resolved: RESOLVED } },
    event: { type: "gone", deleted: null },
    after: { op: null, phase: "deleted", deleted: null, dialogOpen: false, draft: MINE_INTRO },
    effects: [{ type: "persist-draft", draft: draftOf(MINE_INTRO, V1_INTRO), debounce: false }],
  },
  {
    name: "saving the merge fails: the choices stay",
    given: { ...resolving, op: { kind: "save-merged", resolved: RESOLVED } },
    event: { type: "failed", message: "HTTP 500" },
    after: { op: null, conflict: resolving.conflict, error: "Could not save: HTTP 500. Your choices are kept; try again." },
    effects: [],
  },
];

const newsRows: Row[] = [
  {
    name: "poll due while ready and the stream is down: conditional GET",
    given: ready({ live: "down" }),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [{ type: "fetch", source: "window" }],
  },
  {
    name: "poll due while the stream is up: nothing is polled",
    given: ready({ live: "up" }),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "poll due while loading: no poll",
    given: loading(),
    event: { type: "poll-due" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "another tab saved this document: read it now",
    given: ready(),
    event: { type: "tab-message", message: { type: "saved", docId: ID, version: 2, etag: '"v2"', by: "Ann", from: "tab-2" } },
    after: "unchanged",
    effects: [{ type: "fetch", source: "tab" }],
  },
  {
    name: "another tab saved another document: nothing to do",
    given: ready(),
    event: { type: "tab-message", message: { type: "saved", docId: "doc-2", version: 2, etag: '"v2"', by: "Ann", from: "tab-2" } },
    after: "unchanged",
    effects: [],
  },
  {
    name: "newer version, nothing unsaved: the editor moves to it",
    given: ready(),
    event: { type: "fetched", source: "window", versioned: V2_APART },
    after: { base: V2_APART, draft: sideOf(V2_APART), remote: null, notice: { tone: "info", text: "Updated to v2 by Bo." } },
    effects: [{ type: "clear-draft" }],
  },
  {
    name: "newer version from another window, unsaved text: the stale banner",
    given: ready({ draft: MINE }),
    event: { type: "fetched", source: "window", versioned: V2_APART },
    after: { base: V1, draft: MINE, remote: { versioned: V2_APART, source: "window" } },
    effects: [],
  },
  {
    name: "newer version from another tab, unsaved text: the stale banner names the tab",
    given: ready({ draft: MINE }),
    event: { type: "fetched", source: "tab", versioned: V2_APART },
    after: { remote: { versioned: V2_APART, source: "tab" } },
    effects: [],
  },
  {
    name: "newer version while a conflict waits (text not changed): the banner, not a silent move",
    given: ready({ conflict: conflictOnV2 }),
    event: { type: "fetched", source: "window", versioned: V3_MINE_ON_APART },
    after: { base: V1, draft: base, remote: { versioned: V3_MINE_ON_APART, source: "window" }, notice: null },
    effects: [],
  },
  {
    name: "the version we are on (a 304): nothing new",
    given: ready({ draft: MINE }),
    event: { type: "fetched", source: "window", versioned: V1 },
    after: "unchanged",
    effects: [],
  },
  {
    name: "a version the stale banner already shows: nothing new",
    given: ready({ draft: MINE, remote: { versioned: V2_APART, source: "tab" } }),
    event: { type: "fetched", source: "window", versioned: V2_APART },
    after: "unchanged",
    effects: [],
  },
  {
    name: "the version the stream brought first, then read for another tab's news: it came from this browser",
    given: ready({ draft: MINE, remote: { versioned: V2_APART, source: "window" } }),
    event: { type: "fetched", source: "tab", versioned: V2_APART },
    after: { remote: { versioned: V2_APART, source: "tab" } },
    effects: [],
  },
  {
    name: "newer version while saving: the save meets it as a 412",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "fetched", source: "window", versioned: V2_APART },
    after: "unchanged",
    effects: [],
  },
  {
    name: "they deleted while we edited (poll sees 410): our text stays and is kept on disk",
    given: ready({ draft: MINE, dialogOpen: false }),
    event: { type: "fetch-gone", source: "window", deleted: deletedInfo },
    after: { phase: "deleted", deleted: deletedInfo, draft: MINE, remote: null },
    effects: [{ type: "persist-draft", draft: draftOf(MINE, V1), debounce: false }],
  },
  {
    name: "gone (404) while editing: treated as deleted",
    given: ready({ draft: MINE }),
    event: { type: "fetch-missing", source: "tab" },
    after: { phase: "deleted", deleted: null, draft: MINE },
    effects: [{ type: "persist-draft", draft: draftOf(MINE, V1), debounce: false }],
  },
  {
    name: "gone while our own delete is under way: our delete's answer decides",
    given: ready({ op: { kind: "delete" } }),
    event: { type: "fetch-gone", source: "window", deleted: deletedInfo },
    after: "unchanged",
    effects: [],
  },
  {
    name: "a poll fails: the next one tries again",
    given: ready({ draft: MINE }),
    event: { type: "fetch-failed", source: "window", message: "offline" },
    after: "unchanged",
    effects: [],
  },
];

const mergeNowRows: Row[] = [
  {
    name: "Merge now: merges the newer version into the draft, against our base",
    given: ready({ draft: MINE, remote: { versioned: V2_APART, source: "tab" } }),
    event: { type: "merge-now" },
    after: { op: { kind: "merge-now", base, mine: MINE, theirs: V2_APART } },
    effects: [{ type: "merge", base, mine: MINE, theirs: sideOf(V2_APART) }],
  },
  {
    name: "Merge now without a newer version: nothing to merge",
    given: ready({ draft: MINE }),
    event: { type: "merge-now" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "Merge now, clean: their version is the new base, the merged text unsaved",
    given: ready({ draft: MINE, remote: { versioned: V2_APART, source: "tab" }, op: { kind: "merge-now", base, mine: MINE, theirs: V2_APART } }),
    event: { type: "merged", merge: APART },
    after: {
      op: null,
      base: V2_APART,
      draft: MERGED_APART,
      remote: null,
      notice: {
        tone: "success",
        text: "Merged the changes by Bo in v2 into your text. Not saved yet.",
        changes: { before: base, after: sideOf(V2_APART), title: "Changes by Bo in v2" },
      },
    },
    effects: [{ type: "persist-draft", draft: draftOf(MERGED_APART, V2_APART), debounce: false }],
  },
  {
    name: "Merge now, conflict: the dialog opens on our base",
    given: ready({ draft: MINE, remote: { versioned: V2_CLASH, source: "window" }, op: { kind: "merge-now", base, mine: MINE, theirs: V2_CLASH } }),
    event: { type: "merged", merge: CLASH },
    after: { op: null, base: V1, draft: MINE, remote: null, dialogOpen: true, conflict: conflictOnV2 },
    effects: [],
  },
  {
    name: "Merge now, typed while it merged: merged again with the newest text",
    given: ready({ draft: TYPED, op: { kind: "merge-now", base, mine: MINE, theirs: V2_APART } }),
    event: { type: "merged", merge: APART },
    after: { op: { kind: "merge-now", base, mine: TYPED, theirs: V2_APART }, base: V1, draft: TYPED },
    effects: [{ type: "merge", base, mine: TYPED, theirs: sideOf(V2_APART) }],
  },
];

const deleteRows: Row[] = [
  {
    name: "delete: DELETE with If-Match of the base",
    given: ready(),
    event: { type: "delete", ifMatch: null },
    after: { op: { kind: "delete" } },
    effects: [{ type: "delete", ifMatch: '"v1"' }],
  },
  {
    name: "delete anyway: DELETE with If-Match of the newer version",
    given: ready({ deleteRefusal: { current: V2_APART, message: "Bo changed this document (v2) after you opened it." } }),
    event: { type: "delete", ifMatch: '"v2"' },
    after: { op: { kind: "delete" }, deleteRefusal: { current: V2_APART, message: "Bo changed this document (v2) after you opened it." } },
    effects: [{ type: "delete", ifMatch: '"v2"' }],
  },
  {
    name: "deleted: draft removed, other tabs told, back to the list",
    given: ready({ draft: MINE, op: { kind: "delete" } }),
    event: { type: "removed" },
    after: { op: null, phase: "not-found", deleted: { version: 2, deletedAt: null, deletedBy: null }, deleteRefusal: null },
    effects: [
      { type: "clear-draft" },
      { type: "broadcast", message: { type: "deleted", docId: ID, version: 2, etag: null, by: null } },
      { type: "leave" },
    ],
  },
  {
    name: "we deleted while they edited (412): asked again, with their change named",
    given: ready({ op: { kind: "delete" } }),
    event: { type: "refused", current: V2_APART },
    after: { op: null, phase: "ready", deleteRefusal: { current: V2_APART, message: "Bo changed this document (v2) after you opened it." } },
    effects: [],
  },
  {
    name: "delete meets a deletion: nothing left to delete",
    given: ready({ op: { kind: "delete" } }),
    event: { type: "gone", deleted: deletedInfo },
    after: { op: null, phase: "ready", deleteRefusal: { current: null, message: "It was already deleted." } },
    effects: [],
  },
  {
    name: "delete fails: the reason is shown",
    given: ready({ op: { kind: "delete" } }),
    event: { type: "failed", message: "HTTP 503" },
    after: { op: null, deleteRefusal: { current: null, message: "HTTP 503" } },
    effects: [],
  },
  {
    name: "cancel the delete question: the refusal is forgotten",
    given: ready({ deleteRefusal: { current: null, message: "It was already deleted." } }),
    event: { type: "cancel-delete" },
    after: { deleteRefusal: null },
    effects: [],
  },
  {
    name: "re-create with my text: PUT with If-None-Match: *",
    given: ready({ phase: "deleted", draft: MINE, deleted: deletedInfo }),
    event: { type: "recreate" },
    after: { op: { kind: "recreate" }, error: null },
    effects: [{ type: "create", side: MINE }],
  },
  {
    name: "re-create while the document exists: ignored",
    given: ready({ draft: MINE }),
    event: { type: "recreate" },
    after: "unchanged",
    effects: [],
  },
  {
    name: "re-created: ready again on the new version",
    given: ready({ phase: "deleted", draft: MINE, deleted: deletedInfo, op: { kind: "recreate" } }),
    event: { type: "written", versioned: versioned(3, MINE.content, "Ann") },
    after: {
      op: null,
      phase: "ready",
      deleted: null,
      base: versioned(3, MINE.content, "Ann"),
      draft: MINE,
      notice: { tone: "success", text: "Re-created the document with your text as v3." },
    },
    effects: [savedBroadcast(versioned(3, MINE.content, "Ann")), { type: "clear-draft" }],
  },
  {
    name: "someone re-created it first: our text is merged into theirs",
    given: ready({ phase: "deleted", draft: MINE, deleted: deletedInfo, op: { kind: "recreate" } }),
    event: { type: "refused", current: V2_CLASH },
    after: { op: { kind: "recreate-merge", mine: MINE, theirs: V2_CLASH }, phase: "deleted" },
    effects: [{ type: "merge", base: EMPTY_SIDE, mine: MINE, theirs: sideOf(V2_CLASH) }],
  },
  {
    name: "re-created first by someone else, merged: the dialog decides",
    given: ready({ phase: "deleted", draft: MINE, deleted: deletedInfo, op: { kind: "recreate-merge", mine: MINE, theirs: V2_CLASH } }),
    event: { type: "merged", merge: CLASH },
    after: {
      op: null,
      phase: "ready",
      deleted: null,
      base: V2_CLASH,
      draft: MINE,
      dialogOpen: true,
      conflict: { base: EMPTY_SIDE, mine: MINE, theirs: V2_CLASH, merge: CLASH, choices: NO_CHOICES, reason: "Bo re-created this document first." },
    },
    effects: [],
  },
  {
    name: "re-create fails: the reason is shown, still deleted",
    given: ready({ phase: "deleted", draft: MINE, op: { kind: "recreate" } }),
    event: { type: "failed", message: "HTTP 500" },
    after: { op: null, phase: "deleted", error: "Could not re-create: HTTP 500" },
    effects: [],
  },
  {
    name: "discard my text: removed from disk, back to the list",
    given: ready({ phase: "deleted", draft: MINE, deleted: deletedInfo }),
    event: { type: "discard" },
    after: { phase: "not-found", draft: EMPTY_SIDE },
    effects: [{ type: "clear-draft" }, { type: "leave" }],
  },
];

const staleRows: Row[] = [
  {
    name: "a result with no operation under way: ignored",
    given: ready({ draft: MINE }),
    event: { type: "written", versioned: V2_MINE },
    after: "unchanged",
    effects: [],
  },
  {
    name: "a merge result while a save waits for its PUT: ignored",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "merged", merge: APART },
    after: "unchanged",
    effects: [],
  },
];

const tables: [string, Row[]][] = [
  ["loading and stale drafts", loadRows],
  ["editing and drafts", editRows],
  ["saving: 412 → merge → save again, or the dialog", saveRows],
  ["the merge dialog and a third writer", dialogRows],
  ["news from the server", newsRows],
  ["Merge now", mergeNowRows],
  ["delete vs edit, both ways", deleteRows],
  ["stale results", staleRows],
];

describe.each(tables)("session machine: %s", (_title, rows) => {
  it.each(rows)("$name", ({ given, event, after, effects }) => {
    const result = transition(given, event);
    if (after === "unchanged") expect(result.state).toBe(given);
    // Each field named is compared whole (toMatchObject would let extra nested keys through).
    else for (const [field, value] of Object.entries(after)) expect(result.state[field as keyof SessionState], field).toEqual(value);
    expect(result.effects).toEqual(effects);
  });
});

describe("session machine: fixtures", () => {
  it("the third writer leaves the first conflict as it was and changes the second", () => {
    expect(WITH_BO.conflicts).toBe(2);
    expect(WITH_CY.conflicts).toBe(2);
    const ids = WITH_CY.content.chunks.flatMap((c) => (c.kind === "conflict" ? [c.id] : []));
    expect(ids[0]).toBe(ALPHA);
    expect(ids[1]).not.toBe(BETA_WITH_BO);
  });

  it("the merges the tables use are what their names say", () => {
    expect(APART.merged).toEqual(MERGED_APART);
    expect(CLASH.merged).toBeNull();
    expect(TYPED_ON_SAVED.merged).toEqual(TYPED);
    expect(TYPED_CLASH_ON_SAVED.merged).toBeNull();
  });
});
