import type { SessionEvent } from "./events.ts";
import { errors } from "./notices.ts";
import type { SessionState } from "./state.ts";
import { draftEffects, step, type Step } from "./step.ts";

// A 401 ends the session, not the editing: the text stays on screen and is written to disk at
// once (not a keystroke later), requests the editor would repeat by itself stop (a poll would
// only meet 401 again), and the editor asks the user to sign in. Save stays available: after
// signing in in another tab it succeeds. Any successful answer means there is a session again.

/** A poll or another tab's news met 401. */
export function sessionEnded(state: SessionState): Step {
  if (state.signedOut) return step(state);
  const next: SessionState = { ...state, signedOut: true };
  return step(next, ...draftEffects(next));
}

/** The operation under way met 401: it is abandoned, nothing of the user's is. */
export function sessionEndedDuring(state: SessionState): Step {
  const { op } = state;
  if (!op) return step(state);
  if (op.kind === "load" || op.kind === "load-revision" || op.kind === "load-merge") {
    // A stored draft is still on disk, untouched: the next load after signing in restores it.
    return step({ ...state, op: null, phase: "error", error: errors.signedOut(), signedOut: true });
  }
  // The merge dialog closes so the sign-in notice is not behind it; its choices are kept.
  const next: SessionState = { ...state, op: null, signedOut: true, dialogOpen: false };
  return step(next, ...draftEffects(next));
}

const SUCCESSES: ReadonlySet<SessionEvent["type"]> = new Set(["fetched", "revision-fetched", "written", "removed", "refused"]);

/** The server answered as to someone signed in: the notice goes. */
export function sessionBack(event: SessionEvent, result: Step): Step {
  if (!result.state.signedOut || !SUCCESSES.has(event.type)) return result;
  return { ...result, state: { ...result.state, signedOut: false } };
}
