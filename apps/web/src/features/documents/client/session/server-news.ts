import type { DeletedInfo } from "@tandem/client";
import { sideOf } from "@/features/documents/client/side.ts";
import type { FetchResult } from "./events.ts";
import { notices } from "./notices.ts";
import { isBehind, isDirty, isSaving, type SessionState } from "./state.ts";
import type { TabMessage } from "@/features/documents/client/tab-channel.ts";
import { sessionEnded } from "./signed-out.ts";
import { draftEffects, step, type Step } from "./step.ts";

// Newer server states from other browsers ("window": pushed by the document's stream, or
// polled while it is down) or announced by another tab of this browser ("tab"). A clean editor
// simply moves on; unsaved text is never replaced, the stale banner offers "Merge now" instead.

/** The polling tick. */
export function pollDue(state: SessionState): Step {
  // Signed out, a poll would only meet 401 again: polling resumes once a save gets through.
  if (state.phase !== "ready" || state.signedOut) return step(state);
  // While the stream is up nothing is polled, unless a change it announced is still unread (its
  // read failed, or met a save under way).
  const due = state.live === "down" || (isBehind(state) && !isSaving(state));
  return due ? step(state, { type: "fetch", source: "window" }) : step(state);
}

export function tabMessage(state: SessionState, message: TabMessage): Step {
  if (message.type === "signed-out") {
    // Signed out in another tab: a read finds out whether this session ended too (401).
    const open = state.phase === "ready" || state.phase === "deleted";
    return open && !state.signedOut ? step(state, { type: "fetch", source: "tab" }) : step(state);
  }
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
  // Pushed and announced by the tab that saved it: it came from this browser after all.
  if (remote && remote.versioned.etag === v.etag && source === "tab" && remote.source !== "tab") return step({ ...state, remote: { ...remote, source } });
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
