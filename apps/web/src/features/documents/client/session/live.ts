import type { PresenceUser } from "@tandem/contract";
import { isBehind, isSaving, type SessionState } from "./state.ts";
import { step, type Step } from "./step.ts";

// The document's event stream, as the session hears it. A change it announces is read the way
// a poll's answer was (server-news.ts decides what the answer means); while it is down, the
// polling tick reads instead. Presence is kept for the header and the soft warning.

const READ = { type: "fetch", source: "window" } as const;

export function streamUp(state: SessionState): Step {
  return state.live === "up" ? step(state) : step({ ...state, live: "up" });
}

/** Polling takes over at its next tick; who else is here is unknown until the stream is back. */
export function streamDown(state: SessionState): Step {
  if (state.live === "down") return step(state);
  return step({ ...state, live: "down", others: [] });
}

export function streamChange(state: SessionState, version: number): Step {
  if (version <= state.heard) return step(state);
  const next = { ...state, heard: version };
  // A write under way meets the change itself (a 412, merged); its end reads what is still new.
  return isBehind(next) && !isSaving(next) ? step(next, READ) : step(next);
}

export function streamReset(state: SessionState): Step {
  return state.phase === "ready" && !state.signedOut ? step(state, READ) : step(state);
}

export function presence(state: SessionState, others: PresenceUser[]): Step {
  const editing = new Set(others.filter((u) => u.state === "editing").map((u) => u.id));
  // The first presence says who was editing on opening; after that the list only shrinks.
  const editingAtOpen = state.editingAtOpen === null ? [...editing] : state.editingAtOpen.filter((id) => editing.has(id));
  return step({ ...state, others, editingAtOpen });
}

/** An operation just ended while the stream had announced a newer version: read it now. */
export function catchUp(before: SessionState, result: Step): Step {
  if (!before.op || result.state.op || !isBehind(result.state)) return result;
  if (result.effects.some((e) => e.type === "fetch")) return result;
  return { ...result, effects: [...result.effects, READ] };
}
