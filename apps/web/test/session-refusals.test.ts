import { describe, expect, it } from "vitest";
import { NO_CHOICES } from "@/features/documents/client/choices.ts";
import { EMPTY_SIDE, sideOf } from "@/features/documents/client/side.ts";
import type { SessionEffect } from "@/features/documents/client/session/effects.ts";
import type { SessionEvent } from "@/features/documents/client/session/events.ts";
import { transition } from "@/features/documents/client/session/machine.ts";
import type { Operation, PendingConflict, SessionState } from "@/features/documents/client/session/state.ts";
import { APART, CLASH, MERGED_APART, MIDDLE, MINE, MINE_INTRO, ready, V1, V1_INTRO, V2_APART, V2_BO, V2_CLASH, V3_CY, WITH_BO, WITH_CY } from "./support/session-fixtures.ts";

// The audit trail's conflict ids through the session machine: a 412's `Tandem-Conflict` id
// (`refusalId`) is kept with the merge it leads to and sent back by the save that resolves it,
// as "automatic" (a clean merge saved at once) or "dialog" (the user's merge). One transition
// per row, compared strictly: a save that resolves nothing carries no `resolves` at all.

interface Row {
  name: string;
  given: SessionState;
  event: SessionEvent;
  after: Partial<SessionState>;
  effects: SessionEffect[];
}

const base = sideOf(V1);
const RESOLVED = { title: "Plan", content: `intro\nalpha mine\n${MIDDLE}beta mine\noutro\n` };
const saveOp = (patch: Partial<Extract<Operation, { kind: "save" }>> = {}): Extract<Operation, { kind: "save" }> => ({
  kind: "save",
  base: V1,
  sent: MINE,
  snapshot: MINE,
  autoMerges: 0,
  notice: null,
  ...patch,
});
const mergedOnSave = {
  tone: "success" as const,
  text: "Merged with changes by Bo in v2.",
  changes: { before: base, after: sideOf(V2_APART), title: "Changes by Bo in v2" },
};
const conflictOnV2 = (patch: Partial<PendingConflict> = {}): PendingConflict => ({ base, mine: MINE, theirs: V2_CLASH, merge: CLASH, choices: NO_CHOICES, reason: null, ...patch });
const withBo = (patch: Partial<PendingConflict> = {}): PendingConflict => ({
  base: sideOf(V1_INTRO),
  mine: MINE_INTRO,
  theirs: V2_BO,
  merge: WITH_BO,
  choices: NO_CHOICES,
  reason: null,
  ...patch,
});

const rows: Row[] = [
  {
    name: "412 with a conflict id: the merge it starts keeps the id",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "refused", current: V2_APART, refusalId: "41" },
    after: { op: { ...saveOp(), kind: "save-merge", theirs: V2_APART, refusalId: "41" } },
    effects: [{ type: "merge", base, mine: MINE, theirs: sideOf(V2_APART) }],
  },
  {
    name: "412 without a conflict id (an older server): nothing to keep",
    given: ready({ draft: MINE, op: saveOp() }),
    event: { type: "refused", current: V2_APART },
    after: { op: { ...saveOp(), kind: "save-merge", theirs: V2_APART } },
    effects: [{ type: "merge", base, mine: MINE, theirs: sideOf(V2_APART) }],
  },
  {
    name: "clean merge after the 412: the save again says it resolves 41 automatically",
    given: ready({ draft: MINE, op: { ...saveOp(), kind: "save-merge", theirs: V2_APART, refusalId: "41" } }),
    event: { type: "merged", merge: APART },
    after: { op: saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave, refusalId: "41" }) },
    effects: [{ type: "save", side: MERGED_APART, ifMatch: '"v2"', merge: true, resolves: { conflictId: "41", resolution: "automatic" } }],
  },
  {
    name: "clean merge after a 412 without an id: an ordinary save",
    given: ready({ draft: MINE, op: { ...saveOp(), kind: "save-merge", theirs: V2_APART } }),
    event: { type: "merged", merge: APART },
    after: { op: saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave }) },
    effects: [{ type: "save", side: MERGED_APART, ifMatch: '"v2"', merge: true }],
  },
  {
    name: "the automatic save meets another 412: the newer id replaces the one it was settling",
    given: ready({ draft: MINE, op: saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave, refusalId: "41" }) }),
    event: { type: "refused", current: V3_CY, refusalId: "42" },
    after: { op: { ...saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave }), kind: "save-merge", theirs: V3_CY, refusalId: "42" } },
    effects: [{ type: "merge", base: sideOf(V2_APART), mine: MERGED_APART, theirs: sideOf(V3_CY) }],
  },
  {
    name: "the automatic save meets a 412 without an id: the settled id is not carried over",
    given: ready({ draft: MINE, op: saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave, refusalId: "41" }) }),
    event: { type: "refused", current: V3_CY },
    after: { op: { ...saveOp({ base: V2_APART, sent: MERGED_APART, autoMerges: 1, notice: mergedOnSave }), kind: "save-merge", theirs: V3_CY } },
    effects: [{ type: "merge", base: sideOf(V2_APART), mine: MERGED_APART, theirs: sideOf(V3_CY) }],
  },
  {
    name: "the 412 conflicts: the dialog's conflict holds the id",
    given: ready({ draft: MINE, op: { ...saveOp(), kind: "save-merge", theirs: V2_CLASH, refusalId: "41" } }),
    event: { type: "merged", merge: CLASH },
    after: { op: null, dialogOpen: true, conflict: conflictOnV2({ refusalId: "41" }) },
    effects: [],
  },
  {
    name: "Save merged: resolves 41 in the dialog",
    given: ready({ base: V1_INTRO, draft: MINE_INTRO, dialogOpen: true, conflict: withBo({ refusalId: "41" }) }),
    event: { type: "save-merged", resolved: RESOLVED },
    after: { op: { kind: "save-merged", resolved: RESOLVED } },
    effects: [{ type: "save", side: RESOLVED, ifMatch: '"v2"', resolves: { conflictId: "41", resolution: "dialog" } }],
  },
  {
    name: "Save merged of a conflict no 412 started (a stale draft): an ordinary save",
    given: ready({ base: V1_INTRO, draft: MINE_INTRO, dialogOpen: true, conflict: withBo() }),
    event: { type: "save-merged", resolved: RESOLVED },
    after: { op: { kind: "save-merged", resolved: RESOLVED } },
    effects: [{ type: "save", side: RESOLVED, ifMatch: '"v2"' }],
  },
  {
    name: "a third writer refuses Save merged: the re-merge keeps the newer id",
    given: ready({ base: V1_INTRO, draft: MINE_INTRO, dialogOpen: true, conflict: withBo({ refusalId: "41" }), op: { kind: "save-merged", resolved: RESOLVED } }),
    event: { type: "refused", current: V3_CY, refusalId: "43" },
    after: { op: { kind: "remerge", theirs: V3_CY, refusalId: "43" } },
    effects: [{ type: "merge", base: sideOf(V1_INTRO), mine: MINE_INTRO, theirs: sideOf(V3_CY) }],
  },
  {
    name: "the re-merge is shown: its conflict now names refusal 43",
    given: ready({ base: V1_INTRO, draft: MINE_INTRO, dialogOpen: true, conflict: withBo({ refusalId: "41" }), op: { kind: "remerge", theirs: V3_CY, refusalId: "43" } }),
    event: { type: "merged", merge: WITH_CY },
    after: {
      op: null,
      conflict: withBo({ theirs: V3_CY, merge: WITH_CY, reason: "Cy saved v3 while you were resolving. Your choices are kept where they still apply.", refusalId: "43" }),
    },
    effects: [],
  },
  {
    name: "Merge now over an open conflict: it is still the conflict the 412 started",
    given: ready({ draft: MINE, conflict: conflictOnV2({ refusalId: "41" }), op: { kind: "merge-now", base, mine: MINE, theirs: V2_CLASH } }),
    event: { type: "merged", merge: CLASH },
    after: { op: null, dialogOpen: true, conflict: conflictOnV2({ refusalId: "41" }) },
    effects: [],
  },
  {
    name: "re-create meets a 412 (re-created first): the merge keeps the id",
    given: ready({ phase: "deleted", draft: MINE, op: { kind: "recreate" } }),
    event: { type: "refused", current: V2_CLASH, refusalId: "44" },
    after: { op: { kind: "recreate-merge", mine: MINE, theirs: V2_CLASH, refusalId: "44" } },
    effects: [{ type: "merge", base: EMPTY_SIDE, mine: MINE, theirs: sideOf(V2_CLASH) }],
  },
];

describe("session machine: conflict ids for the audit trail", () => {
  it.each(rows)("$name", ({ given, event, after, effects }) => {
    const result = transition(given, event);
    for (const [field, value] of Object.entries(after)) expect(result.state[field as keyof SessionState], field).toStrictEqual(value);
    expect(result.effects).toStrictEqual(effects);
  });
});
