import type { DeletedInfo, Versioned } from "@tandem/client";
import { NO_CHOICES } from "@/features/documents/client/choices.ts";
import { sameSide, sideOf, type Side } from "@/features/documents/client/side.ts";
import type { ResultEvent } from "./events.ts";
import { errors, notices, reasons } from "./notices.ts";
import { isDirty, type Notice, type Operation, type PendingConflict, type SessionState } from "./state.ts";
import { refusalOf, resolving } from "./refusals.ts";
import { announceSaved, draftEffects, remoteAfter, step, summaryAfter, summaryOf, type Step } from "./step.ts";

// Save = PUT with If-Match of the base and Prefer: merge: a stale save that merges cleanly is
// merged by the server in the same round trip. On 409 (a conflict) or 412 (the server could not
// merge) the body carries the current state: a clean three-way merge is saved again at once
// (bounded), a conflict opens the merge dialog.

export const MAX_AUTO_MERGES = 5;

type Op<K extends Operation["kind"]> = Extract<Operation, { kind: K }>;
type SaveOp = Op<"save">;

function put(state: SessionState, op: SaveOp): Step {
  // A save made of an automatic merge tells the server which refusal it settles.
  return step({ ...state, op }, { type: "save", side: op.sent, ...summaryOf(state), ifMatch: op.base.etag, merge: true, ...resolving(op.refusalId, "automatic") });
}

export function save(state: SessionState): Step {
  if (state.phase !== "ready" || !state.base || state.op) return step(state);
  if (state.conflict) return step({ ...state, dialogOpen: true });
  if (!isDirty(state)) return step(state);
  return put({ ...state, error: null }, { kind: "save", base: state.base, sent: state.draft, snapshot: state.draft, autoMerges: 0, notice: null });
}

/** After a successful write: the new base, the broadcast to other tabs, the draft on disk in step. */
export function finishSave(state: SessionState, saved: Versioned, draft: Side, conflict: PendingConflict | null, notice: Notice | null): Step {
  const next: SessionState = {
    ...state,
    op: null,
    base: saved,
    draft,
    summary: summaryAfter(state.summary, saved),
    remote: remoteAfter(state.remote, saved),
    conflict,
    dialogOpen: conflict !== null,
    notice: notice ?? state.notice,
    error: null,
  };
  return step(next, announceSaved(state, saved), ...draftEffects(next));
}

export function deletedDuringWrite(state: SessionState, deleted: DeletedInfo | null): Step {
  const next: SessionState = { ...state, op: null, phase: "deleted", deleted, dialogOpen: false, remote: null };
  return step(next, ...draftEffects(next));
}

export function saveResult(state: SessionState, op: SaveOp | Op<"save-merge"> | Op<"reconcile">, event: ResultEvent): Step {
  switch (op.kind) {
    case "save":
      return putAnswered(state, op, event);
    case "save-merge":
      return mergedAfterRefusal(state, op, event);
    case "reconcile":
      return reconciled(state, op, event);
  }
}

function putAnswered(state: SessionState, op: SaveOp, event: ResultEvent): Step {
  switch (event.type) {
    case "written": {
      const saved = event.versioned;
      const notice = mergedNotice(op, saved, event.mergedOver);
      if (sameSide(state.draft, op.snapshot)) return finishSave(state, saved, sideOf(saved), null, notice);
      // The user typed while the save was under way: their newer text is merged onto the saved one.
      return step(
        { ...state, op: { kind: "reconcile", saved, snapshot: op.snapshot, mine: state.draft, notice } },
        { type: "merge", base: op.snapshot, mine: state.draft, theirs: sideOf(saved) },
      );
    }
    case "refused": {
      // The refusal an automatic save was settling is superseded by this newer one.
      const { refusalId: _settling, ...sent } = op;
      return step(
        { ...state, op: { ...sent, kind: "save-merge", theirs: event.current, ...refusalOf(event) } },
        { type: "merge", base: sideOf(op.base), mine: op.sent, theirs: sideOf(event.current) },
      );
    }
    case "gone":
      return deletedDuringWrite(state, event.deleted);
    case "failed":
      return step({ ...state, op: null, error: errors.save(event.message) });
    default:
      return step(state);
  }
}

/** The notice of a save: as before, or what the server merged it with (Prefer: merge). */
function mergedNotice(op: SaveOp, saved: Versioned, mergedOver: Pick<Versioned, "doc"> | null | undefined): Notice | null {
  if (mergedOver === undefined) return op.notice;
  return mergedOver ? notices.mergedOnSave(sideOf(op.base), mergedOver) : notices.mergedOnServer(saved);
}

function mergedAfterRefusal(state: SessionState, op: Op<"save-merge">, event: ResultEvent): Step {
  if (event.type === "merge-failed") return step({ ...state, op: null, error: errors.merge(event.message) });
  if (event.type !== "merged") return step(state);
  const { merge } = event;
  const base = sideOf(op.base);
  if (merge.merged && op.autoMerges < MAX_AUTO_MERGES) {
    const notice = notices.mergedOnSave(base, op.theirs);
    return put(state, { kind: "save", base: op.theirs, sent: merge.merged, snapshot: op.snapshot, autoMerges: op.autoMerges + 1, notice, ...refusalOf(op) });
  }
  return step({
    ...state,
    op: null,
    conflict: { base, mine: op.sent, theirs: op.theirs, merge, choices: NO_CHOICES, reason: null, ...refusalOf(op) },
    remote: null,
    dialogOpen: true,
  });
}

function reconciled(state: SessionState, op: Op<"reconcile">, event: ResultEvent): Step {
  if (event.type === "merge-failed") {
    // The engine never ran in this save (a merge before it would have loaded it), so the saved
    // text is what the save sent and the user's draft still builds on it.
    const finished = finishSave(state, op.saved, op.mine, null, op.notice);
    return { ...finished, state: { ...finished.state, error: errors.merge(event.message) } };
  }
  if (event.type !== "merged") return step(state);
  if (!sameSide(state.draft, op.mine)) {
    // Typed again while this merge ran: merge the newest text instead.
    return step({ ...state, op: { ...op, mine: state.draft } }, { type: "merge", base: op.snapshot, mine: state.draft, theirs: sideOf(op.saved) });
  }
  const { merge } = event;
  if (merge.merged) return finishSave(state, op.saved, merge.merged, null, op.notice);
  const conflict: PendingConflict = { base: op.snapshot, mine: op.mine, theirs: op.saved, merge, choices: NO_CHOICES, reason: reasons.keptTyping() };
  return finishSave(state, op.saved, op.mine, conflict, op.notice);
}
