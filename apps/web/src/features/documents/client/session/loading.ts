import { EMPTY_SIDE, sameSide, sideOf, type Side } from "@/features/documents/client/side.ts";
import type { DraftRecord } from "@/features/documents/client/drafts.ts";
import { NO_CHOICES } from "@/features/documents/client/choices.ts";
import type { FetchResult, ResultEvent } from "./events.ts";
import { errors, notices, reasons } from "./notices.ts";
import type { Operation, SessionState } from "./state.ts";
import { draftEffects, step, type Step } from "./step.ts";

// First load: the server state, then any unsaved draft of this document — as it is if it was
// made on that very state, merged three-way if it was made on an older one.

type Op<K extends Operation["kind"]> = Extract<Operation, { kind: K }>;

function textOf(stored: DraftRecord): Side {
  return { title: stored.title, content: stored.content };
}

export function open(state: SessionState, stored: DraftRecord | null): Step {
  if (state.phase !== "loading" || state.op) return step(state);
  // The draft's summary comes back with its text, whatever becomes of the text.
  return step({ ...state, summary: stored?.summary ?? "", op: { kind: "load", stored } }, { type: "fetch", source: "load" });
}

export function loaded(state: SessionState, event: FetchResult): Step {
  if (state.op?.kind !== "load") return step(state);
  const { stored } = state.op;
  const done = { ...state, op: null };
  switch (event.type) {
    case "fetched": {
      const server = event.versioned;
      if (!stored || sameSide(stored, sideOf(server))) {
        return step({ ...done, phase: "ready", base: server, draft: sideOf(server), summary: "" }, ...(stored ? [{ type: "clear-draft" } as const] : []));
      }
      if (stored.baseEtag === server.etag) return step({ ...done, phase: "ready", base: server, draft: textOf(stored), notice: notices.restored() });
      return step({ ...state, op: { kind: "load-revision", stored, server } }, { type: "fetch-revision", version: stored.baseVersion });
    }
    case "fetch-gone":
      // Deleted while this browser still holds unsaved text: show the text, let the user decide.
      if (stored) return step({ ...done, phase: "deleted", deleted: event.deleted, draft: textOf(stored) });
      return step({ ...done, phase: "not-found", deleted: event.deleted });
    case "fetch-missing":
      return step({ ...done, phase: "not-found" });
    case "fetch-failed":
      return step({ ...done, phase: "error", error: event.message });
    case "fetch-unauthorized":
      // Any stored draft stays on disk untouched: the load after signing in restores it.
      return step({ ...done, phase: "error", error: errors.signedOut(), signedOut: true });
  }
}

export function staleDraftResult(state: SessionState, op: Op<"load-revision"> | Op<"load-merge">, event: ResultEvent): Step {
  const mine = textOf(op.stored);
  if (op.kind === "load-revision") {
    if (event.type !== "revision-fetched" && event.type !== "revision-failed") return step(state);
    // Without its base the draft cannot be merged line by line: the dialog lets the user decide.
    const base = event.type === "revision-fetched" ? event.revision : EMPTY_SIDE;
    return step({ ...state, op: { ...op, kind: "load-merge", base } }, { type: "merge", base, mine, theirs: sideOf(op.server) });
  }
  if (event.type === "merge-failed") return step({ ...state, op: null, phase: "error", error: event.message });
  if (event.type !== "merged") return step(state);
  const { merge } = event;
  const ready = { ...state, op: null, phase: "ready" as const, base: op.server };
  if (merge.merged) {
    const next = { ...ready, draft: merge.merged, notice: notices.restoredAndMerged(op.stored, op.base, op.server) };
    return step(next, ...draftEffects(next));
  }
  return step({
    ...ready,
    draft: mine,
    conflict: { base: op.base, mine, theirs: op.server, merge, choices: NO_CHOICES, reason: reasons.staleDraft(op.stored, op.server) },
    dialogOpen: true,
  });
}
