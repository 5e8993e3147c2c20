import type { Resolution } from "@tandem/conflict";
import type { Choices, DocumentChoices } from "@/features/documents/client/choices.ts";
import type { DocumentMerge } from "@/features/documents/client/merge-documents.ts";
import { sideOf, type Side } from "@/features/documents/client/side.ts";
import type { ResultEvent } from "./events.ts";
import { errors, notices, reasons } from "./notices.ts";
import type { Operation, SessionState } from "./state.ts";
import { refusalOf, resolving } from "./refusals.ts";
import { deletedDuringWrite, finishSave } from "./saving.ts";
import { step, summaryOf, type Step } from "./step.ts";

// The merge dialog: choices per conflict, "Save merged" against the version the dialog merged
// with, and a re-merge when a third writer got in meanwhile.

type Op<K extends Operation["kind"]> = Extract<Operation, { kind: K }>;

function conflictIds(merge: DocumentMerge, field: "title" | "content"): Set<string> {
  return new Set(merge[field].chunks.flatMap((chunk) => (chunk.kind === "conflict" ? [chunk.id] : [])));
}

/** The choices whose conflict is still in `merge` (a conflict's id is stable while its text is). */
export function choicesStillApplying(choices: DocumentChoices, merge: DocumentMerge): DocumentChoices {
  const keep = (field: "title" | "content"): Choices => {
    const ids = conflictIds(merge, field);
    return Object.fromEntries(Object.entries(choices[field]).filter(([id]) => ids.has(id)));
  };
  return { title: keep("title"), content: keep("content") };
}

export function openDialog(state: SessionState): Step {
  return step(state.conflict ? { ...state, dialogOpen: true } : state);
}

/** Esc / close: the dialog goes, the conflict, its choices and the draft stay. */
export function closeDialog(state: SessionState): Step {
  return step({ ...state, dialogOpen: false });
}

export function choose(state: SessionState, field: "title" | "content", conflictId: string, resolution: Resolution): Step {
  const { conflict } = state;
  if (!conflict) return step(state);
  const choices = { ...conflict.choices, [field]: { ...conflict.choices[field], [conflictId]: resolution } };
  return step({ ...state, conflict: { ...conflict, choices } });
}

/** "Save merged": the resolved text, written against the version the dialog merged with. */
export function saveMerged(state: SessionState, resolved: Side): Step {
  const { conflict } = state;
  if (!conflict || state.op) return step(state);
  return step(
    { ...state, op: { kind: "save-merged", resolved }, error: null },
    { type: "save", side: resolved, ...summaryOf(state), ifMatch: conflict.theirs.etag, ...resolving(conflict.refusalId, "dialog") },
  );
}

export function resolvedResult(state: SessionState, op: Op<"save-merged"> | Op<"remerge">, event: ResultEvent): Step {
  const { conflict } = state;
  if (!conflict) return step({ ...state, op: null });
  if (op.kind === "remerge") {
    if (event.type === "merge-failed") return step({ ...state, op: null, error: errors.merge(event.message) });
    if (event.type !== "merged") return step(state);
    const { merge } = event;
    const theirs = op.theirs;
    return step({
      ...state,
      op: null,
      remote: null,
      // The newest refusal is the one the dialog's save now settles.
      conflict: { ...conflict, theirs, merge, choices: choicesStillApplying(conflict.choices, merge), reason: reasons.thirdWriter(theirs), ...refusalOf(op) },
      dialogOpen: true,
    });
  }
  switch (event.type) {
    case "written":
      return finishSave(state, event.versioned, sideOf(event.versioned), null, notices.savedMerged(event.versioned));
    case "refused":
      // A third writer got in: merge the same two sides against the newest version.
      return step(
        { ...state, op: { kind: "remerge", theirs: event.current, ...refusalOf(event) } },
        { type: "merge", base: conflict.base, mine: conflict.mine, theirs: sideOf(event.current) },
      );
    case "gone":
      return deletedDuringWrite(state, event.deleted);
    case "failed":
      return step({ ...state, op: null, error: errors.saveMerged(event.message) });
    default:
      return step(state);
  }
}
