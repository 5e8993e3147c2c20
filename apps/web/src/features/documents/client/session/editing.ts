import type { Side } from "@/features/documents/client/side.ts";
import type { SessionState } from "./state.ts";
import { save } from "./saving.ts";
import { draftEffects, step, type Step } from "./step.ts";

export function edit(state: SessionState, patch: Partial<Side>): Step {
  if (state.phase !== "ready" && state.phase !== "deleted") return step(state);
  const next = { ...state, draft: { ...state.draft, ...patch } };
  return step(next, ...draftEffects(next, true));
}

/** The summary is part of the draft: kept with it while there is anything to save. */
export function editSummary(state: SessionState, summary: string): Step {
  if (state.phase !== "ready" && state.phase !== "deleted") return step(state);
  const next = { ...state, summary };
  return step(next, ...draftEffects(next, true));
}

/** History: an old revision becomes the next version through the normal save and merge flow. */
export function restore(state: SessionState, revision: Side): Step {
  const edited = edit(state, { title: revision.title, content: revision.content });
  const saved = save(edited.state);
  return step(saved.state, ...edited.effects, ...saved.effects);
}

/** The tab is hidden or closed, or the editor goes: no keystroke may be left unwritten. */
export function flushDraft(state: SessionState): Step {
  return step(state, ...draftEffects(state));
}

export function dismissNotice(state: SessionState): Step {
  return step({ ...state, notice: null });
}
