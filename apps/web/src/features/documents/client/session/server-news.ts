import type { DeletedInfo } from "@tandem/client";
import { sideOf } from "@/features/documents/client/side.ts";
import type { FetchResult } from "./events.ts";
import { notices } from "./notices.ts";
import { isDirty, isSaving, type SessionState } from "./state.ts";
import type { SavedMessage } from "@/features/documents/client/tab-channel.ts";
import { sessionEnded } from "./signed-out.ts";
import { draftEffects, step, type Step } from "./step.ts";

// Newer server states seen by polling ("window": other browsers) or announced by another tab
// of this browser ("tab"). A clean editor simply moves on; unsaved text is never replaced, the
// stale banner offers "Merge now" instead.

export function pollDue(state: SessionState): Step {
  // Signed out, a poll would only meet 401 again: polling resumes once a save gets through.
  return state.phase === "ready" && !state.signedOut ? step(state, { type: "fetch", source: "window" }) : step(state);
}

export function tabMessage(state: SessionState, message: SavedMessage): Step {
  if (message.docId !== state.id || state.phase !== "ready") return step(state);
  return step(state, { type: "fetch", source: "tab" });
}

export function serverNews(state: SessionState, event: FetchResult): Step {
  if (event.source === "load") return step(state);
  switch (event.type) {
    case "fetched":
      return newerVersion(state, event.versioned, event.source);
    case "fetch-gone":
      return deletedElsewhere(state, event.deleted);
    case "fetch-missing":
      return deletedElsewhere(state, null);
    case "fetch-failed":
      // The next poll tries again.
      return step(state);
    case "fetch-unauthorized":
      return sessionEnded(state);
  }
}

function newerVersion(state: SessionState, v: Extract<FetchResult, { type: "fetched" }>["versioned"], source: "window" | "tab"): Step {
  const { base, remote, conflict } = state;
  if (!base || state.phase !== "ready") return step(state);
  const version = v.doc.version;
  if (v.etag === base.etag || version <= base.doc.version) return step(state);
  if (remote && remote.versioned.doc.version >= version) return step(state);
  if (conflict && conflict.theirs.doc.version >= version) return step(state);
  // The write in flight meets it as a 412 and merges.
  if (isSaving(state)) return step(state);
  if (!isDirty(state) && !conflict) {
    return step({ ...state, base: v, draft: sideOf(v), remote: null, notice: notices.updated(v) }, { type: "clear-draft" });
  }
  return step({ ...state, remote: { versioned: v, source } });
}

function deletedElsewhere(state: SessionState, deleted: DeletedInfo | null): Step {
  // With a request under way its own answer tells of the deletion; the next poll otherwise.
  if (state.phase !== "ready" || state.op) return step(state);
  const next: SessionState = { ...state, phase: "deleted", deleted, remote: null, dialogOpen: false };
  return step(next, ...draftEffects(next));
}
