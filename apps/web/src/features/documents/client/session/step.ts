import type { Versioned } from "@tandem/client";
import { sameSide, sideOf } from "@/features/documents/client/side.ts";
import type { SessionEffect } from "./effects.ts";
import type { Remote, SessionState } from "./state.ts";

/** One transition's outcome: the next state and what the runner is to do. */
export interface Step {
  state: SessionState;
  effects: SessionEffect[];
}

export function step(state: SessionState, ...effects: SessionEffect[]): Step {
  return { state, effects };
}

/**
 * Keeps the draft on disk in step with the state: written while it differs from the base,
 * removed once it does not. Only while the text is on screen: after a discard or our own
 * delete there is nothing left to keep.
 */
export function draftEffects(state: SessionState, debounce = false): SessionEffect[] {
  const { base, draft, phase } = state;
  if (!base || (phase !== "ready" && phase !== "deleted")) return [];
  if (sameSide(draft, sideOf(base))) return [{ type: "clear-draft" }];
  return [
    { type: "persist-draft", draft: { docId: state.id, title: draft.title, content: draft.content, ...summaryOf(state), baseVersion: base.doc.version, baseEtag: base.etag }, debounce },
  ];
}

export function announceSaved(state: SessionState, saved: Versioned): SessionEffect {
  return { type: "broadcast", message: { type: "saved", docId: state.id, version: saved.doc.version, etag: saved.etag, by: saved.doc.updatedBy } };
}

/** The Summary field's text for a write's effect, when there is one. */
export function summaryOf(state: SessionState): { summary?: string } {
  return state.summary.trim() ? { summary: state.summary } : {};
}

/** The Summary field empties once the summary it holds is stored; edited meanwhile, it stays. */
export function summaryAfter(summary: string, saved: Versioned): string {
  return summary.trim() === (saved.doc.summary ?? "") ? "" : summary;
}

/** A known newer version stays flagged only while it is newer than what the draft now builds on. */
export function remoteAfter(remote: Remote | null, v: Versioned): Remote | null {
  return remote && remote.versioned.doc.version > v.doc.version ? remote : null;
}
