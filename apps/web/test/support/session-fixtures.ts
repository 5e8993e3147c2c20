import type { Versioned } from "@tandem/client";
import type { DraftRecord } from "@/features/documents/client/drafts.ts";
import { mergeDocuments } from "@/features/documents/client/merge-documents.ts";
import { sideOf, type Side } from "@/features/documents/client/side.ts";
import { initialSessionState, type SessionState } from "@/features/documents/client/session/state.ts";

// Documents and session states the session machine's tables are written in. The merges are
// the real engine's, so conflict ids and merged texts are what the browser would see.

export const ID = "doc-1";

export function versioned(version: number, content: string, by: string | null, title = "Plan", summary: string | null = null): Versioned {
  const at = "2026-11-30T10:00:00.000Z";
  return { doc: { id: ID, title, content, version, createdAt: at, updatedAt: at, updatedBy: by, updatedById: by === null ? null : `u-${by}`, summary }, etag: `"v${version}"` };
}

export function text(content: string, title = "Plan"): Side {
  return { title, content };
}

/** The state everyone starts from: Ann's v1. */
export const V1 = versioned(1, "a\nb\nc\n", "Ann");
/** The user changed line 1. */
export const MINE = text("A\nb\nc\n");
/** Bo changed line 3: merges cleanly with MINE. */
export const V2_APART = versioned(2, "a\nb\nC\n", "Bo");
export const MERGED_APART = text("A\nb\nC\n");
/** Bo changed line 1 too: conflicts with MINE. */
export const V2_CLASH = versioned(2, "X\nb\nc\n", "Bo");
/** Our own save of MINE. */
export const V2_MINE = versioned(2, "A\nb\nc\n", "Ann");
export const V3_MINE_ON_APART = versioned(3, "A\nb\nC\n", "Ann");
/** Typed while the save of MINE was under way. */
export const TYPED = text("A\nb\nc\nd\n");

export const APART = mergeDocuments(sideOf(V1), MINE, sideOf(V2_APART));
export const CLASH = mergeDocuments(sideOf(V1), MINE, sideOf(V2_CLASH));
export const TYPED_ON_SAVED = mergeDocuments(MINE, TYPED, sideOf(V2_MINE));
/** Typed over the line the save's merge changed: "kept typing" conflict. */
export const TYPED_CLASH = text("A\nb\nc (typed)\n");
export const TYPED_CLASH_ON_SAVED = mergeDocuments(MINE, TYPED_CLASH, sideOf(V3_MINE_ON_APART));

// Three writers: Bo and then Cy change the lines the user is resolving. Four lines of text
// keep the two conflicts apart (git, and so the engine, joins conflicts closer than that).
export const MIDDLE = "middle 1\nmiddle 2\nmiddle 3\nmiddle 4\n";
const INTRO = `intro\nalpha\n${MIDDLE}beta\noutro\n`;
export const V1_INTRO = versioned(1, INTRO, "Ann");
export const MINE_INTRO = text(`intro\nalpha mine\n${MIDDLE}beta mine\noutro\n`);
export const V2_BO = versioned(2, `intro\nalpha Bo\n${MIDDLE}beta Bo\noutro\n`, "Bo");
export const V3_CY = versioned(3, `intro\nalpha Bo\n${MIDDLE}beta Cy\noutro\nappendix by Cy\n`, "Cy");
export const WITH_BO = mergeDocuments(sideOf(V1_INTRO), MINE_INTRO, sideOf(V2_BO));
export const WITH_CY = mergeDocuments(sideOf(V1_INTRO), MINE_INTRO, sideOf(V3_CY));

export function conflictIds(merge: typeof WITH_BO): string[] {
  return merge.content.chunks.flatMap((c) => (c.kind === "conflict" ? [c.id] : []));
}

export const [ALPHA, BETA_WITH_BO] = conflictIds(WITH_BO) as [string, string];
export const [, BETA_WITH_CY] = conflictIds(WITH_CY) as [string, string];

export function draftOf(side: Side, base: Versioned): DraftRecord {
  return { docId: ID, title: side.title, content: side.content, baseVersion: base.doc.version, baseEtag: base.etag };
}

export function loading(patch: Partial<SessionState> = {}): SessionState {
  return { ...initialSessionState(ID), ...patch };
}

/** Loaded and on screen; by default on V1 with no unsaved change. */
export function ready(patch: Partial<SessionState> = {}): SessionState {
  return { ...initialSessionState(ID), phase: "ready", base: V1, draft: sideOf(V1), ...patch };
}
