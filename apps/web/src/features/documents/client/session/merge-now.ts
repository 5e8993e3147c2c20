import { NO_CHOICES } from "@/features/documents/client/choices.ts";
import { sameSide, sideOf } from "@/features/documents/client/side.ts";
import type { ResultEvent } from "./events.ts";
import { errors, notices } from "./notices.ts";
import type { Operation, SessionState } from "./state.ts";
import { refusalOf } from "./refusals.ts";
import { choicesStillApplying } from "./resolving.ts";
import { draftEffects, remoteAfter, step, type Step } from "./step.ts";

// "Merge now" (the stale banner): fold the newer server version into the draft before saving.

type MergeNowOp = Extract<Operation, { kind: "merge-now" }>;

export function mergeNow(state: SessionState): Step {
  const { base, draft, remote, conflict } = state;
  const theirs = remote?.versioned ?? conflict?.theirs;
  if (state.phase !== "ready" || state.op || !base || !theirs) return step(state);
  const mergeBase = conflict ? conflict.base : sideOf(base);
  return step({ ...state, op: { kind: "merge-now", base: mergeBase, mine: draft, theirs } }, { type: "merge", base: mergeBase, mine: draft, theirs: sideOf(theirs) });
}

export function mergeNowResult(state: SessionState, op: MergeNowOp, event: ResultEvent): Step {
  if (event.type === "merge-failed") return step({ ...state, op: null, error: errors.merge(event.message) });
  if (event.type !== "merged") return step(state);
  const { theirs } = op;
  if (!sameSide(state.draft, op.mine)) {
    // Typed while the merge ran: merge the newest text instead.
    return step({ ...state, op: { ...op, mine: state.draft } }, { type: "merge", base: op.base, mine: state.draft, theirs: sideOf(theirs) });
  }
  const { merge } = event;
  const remote = remoteAfter(state.remote, theirs);
  if (merge.merged) {
    const next: SessionState = { ...state, op: null, base: theirs, draft: merge.merged, remote, conflict: null, notice: notices.mergedNow(op.base, theirs) };
    return step(next, ...draftEffects(next));
  }
  const choices = choicesStillApplying(state.conflict?.choices ?? NO_CHOICES, merge);
  // Still the conflict a 412 started, if it was one: its dialog save settles that refusal.
  return step({ ...state, op: null, remote, conflict: { base: op.base, mine: op.mine, theirs, merge, choices, reason: null, ...refusalOf(state.conflict) }, dialogOpen: true });
}
