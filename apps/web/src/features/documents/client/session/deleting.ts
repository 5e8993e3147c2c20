import type { Versioned } from "@tandem/client";
import { NO_CHOICES } from "@/features/documents/client/choices.ts";
import { EMPTY_SIDE, sideOf } from "@/features/documents/client/side.ts";
import type { ResultEvent } from "./events.ts";
import { errors, notices, reasons } from "./notices.ts";
import type { Operation, SessionState } from "./state.ts";
import { refusalOf } from "./refusals.ts";
import { announceSaved, draftEffects, step, summaryAfter, summaryOf, type Step } from "./step.ts";

// Both ways of delete-vs-edit. Our delete carries If-Match, so meeting a newer version turns
// into an explicit "delete anyway?"; someone else's delete keeps our text on screen (and on
// disk) until we re-create the document with it or discard it.

type Op<K extends Operation["kind"]> = Extract<Operation, { kind: K }>;

/** Deletes if the document is still at `ifMatch` (null: our base). */
export function remove(state: SessionState, ifMatch: string | null): Step {
  if (!state.base || state.op) return step(state);
  return step({ ...state, op: { kind: "delete" } }, { type: "delete", ifMatch: ifMatch ?? state.base.etag });
}

export function cancelDelete(state: SessionState): Step {
  return step({ ...state, deleteRefusal: null });
}

export function deleteResult(state: SessionState, event: ResultEvent): Step {
  const done = { ...state, op: null };
  switch (event.type) {
    case "removed": {
      const version = (state.base?.doc.version ?? 0) + 1;
      return step(
        { ...done, phase: "not-found", deleted: { version, deletedAt: null, deletedBy: null }, deleteRefusal: null, remote: null, conflict: null, dialogOpen: false },
        { type: "clear-draft" },
        { type: "broadcast", message: { type: "deleted", docId: state.id, version, etag: null, by: null } },
        { type: "leave" },
      );
    }
    case "refused":
      return step({ ...done, deleteRefusal: { current: event.current, message: errors.deleteRefused(event.current) } });
    case "gone":
      return step({ ...done, deleteRefusal: { current: null, message: errors.alreadyDeleted() } });
    case "failed":
      return step({ ...done, deleteRefusal: { current: null, message: event.message } });
    default:
      return step(state);
  }
}

/** After someone deleted the document: bring it back with the user's text. */
export function recreate(state: SessionState): Step {
  if (state.phase !== "deleted" || state.op) return step(state);
  return step({ ...state, op: { kind: "recreate" }, error: null }, { type: "create", side: state.draft, ...summaryOf(state) });
}

export function recreateResult(state: SessionState, op: Op<"recreate"> | Op<"recreate-merge">, event: ResultEvent): Step {
  if (op.kind === "recreate") {
    switch (event.type) {
      case "written":
        return recreated(state, event.versioned);
      case "refused":
        // Someone re-created it first: merge our text into theirs like any other conflict.
        return step(
          { ...state, op: { kind: "recreate-merge", mine: state.draft, theirs: event.current, ...refusalOf(event) } },
          { type: "merge", base: EMPTY_SIDE, mine: state.draft, theirs: sideOf(event.current) },
        );
      case "gone":
        return step({ ...state, op: null, error: errors.recreate("the document is deleted") });
      case "failed":
        return step({ ...state, op: null, error: errors.recreate(event.message) });
      default:
        return step(state);
    }
  }
  if (event.type === "merge-failed") return step({ ...state, op: null, error: errors.merge(event.message) });
  if (event.type !== "merged") return step(state);
  const { theirs, mine } = op;
  return step({
    ...state,
    op: null,
    phase: "ready",
    deleted: null,
    base: theirs,
    conflict: { base: EMPTY_SIDE, mine, theirs, merge: event.merge, choices: NO_CHOICES, reason: reasons.recreatedFirst(theirs), ...refusalOf(op) },
    dialogOpen: true,
  });
}

function recreated(state: SessionState, created: Versioned): Step {
  const next: SessionState = { ...state, op: null, phase: "ready", deleted: null, base: created, summary: summaryAfter(state.summary, created), notice: notices.recreated(created) };
  return step(next, announceSaved(state, created), ...draftEffects(next));
}

/** The explicit "discard my text" after a deletion: nothing is kept, the page is left. */
export function discard(state: SessionState): Step {
  return step({ ...state, op: null, phase: "not-found", draft: EMPTY_SIDE }, { type: "clear-draft" }, { type: "leave" });
}
