import type { PresenceState } from "@tandem/contract";
import type { SessionEvent } from "./events.ts";
import { isDirty, type SessionState } from "./state.ts";

/**
 * What this tab tells the others after a transition, if anything: `editing` when typing leaves
 * unsaved changes (the runner throttles the repeats), `viewing` once none are left — a save
 * went through, or the text is back to the saved one.
 */
export function presenceAfter(before: SessionState, after: SessionState, event: SessionEvent): PresenceState | null {
  if (after.phase !== "ready") return null;
  const dirty = isDirty(after);
  if (dirty) return event.type === "edit" || event.type === "restore" ? "editing" : null;
  return isDirty(before) ? "viewing" : null;
}
