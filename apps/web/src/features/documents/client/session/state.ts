import type { DeletedInfo, Versioned } from "@tandem/client";
import type { PresenceUser } from "@tandem/contract";
import type { DraftRecord } from "@/features/documents/client/drafts.ts";
import type { DocumentChoices } from "@/features/documents/client/choices.ts";
import type { DocumentMerge } from "@/features/documents/client/merge-documents.ts";
import { EMPTY_SIDE, sameSide, sideOf, type Side } from "@/features/documents/client/side.ts";

// The editing session of one document in one tab, as plain data. It owns the one rule of the
// product — the user's text is never replaced or dropped without an explicit action — so
// every path that meets a newer server state merges (three-way, against the base the user
// started from) or asks, and never overwrites.

export type Phase = "loading" | "ready" | "not-found" | "deleted" | "error";

/**
 * The document's event stream: not connected yet, up (news is pushed, nothing is polled), or
 * down (reconnecting; polled meanwhile).
 */
export type Live = "connecting" | "up" | "down";

export interface Notice {
  tone: "info" | "success" | "warning";
  text: string;
  /** The other writer's edit summary, shown after the text (" — fix dates", in italics). */
  summary?: string;
  /** "View changes": what the other writer changed, from our base to their version. */
  changes?: { before: Side; after: Side; title: string };
}

export interface PendingConflict {
  base: Side;
  mine: Side;
  theirs: Versioned;
  merge: DocumentMerge;
  /** Choices made so far; a re-merge keeps those whose conflict still exists. */
  choices: DocumentChoices;
  /** Why the dialog is (re)opened, e.g. a third writer got in. */
  reason: string | null;
  /** The 412 that led here (its audit event id), sent back by the save that resolves it. */
  refusalId?: string;
}

/** A newer server state that the unsaved draft has not taken in yet. */
export interface Remote {
  versioned: Versioned;
  source: "tab" | "window";
}

export interface DeleteRefusal {
  /** The newer state the delete met, if the document still exists. */
  current: Versioned | null;
  message: string;
}

/**
 * The one request (or merge) the session is waiting for. Only one runs at a time, and it is
 * never abandoned while another could start, so every result event belongs to it.
 */
export type Operation =
  | { kind: "load"; stored: DraftRecord | null }
  | { kind: "load-revision"; stored: DraftRecord; server: Versioned }
  | { kind: "load-merge"; stored: DraftRecord; server: Versioned; base: Side }
  /**
   * A PUT of `sent` on `base`; `snapshot` is the draft the save started from. `refusalId`: the
   * 412 this save resolves by an automatic merge ("save"), or the one being merged ("save-merge").
   */
  | { kind: "save"; base: Versioned; sent: Side; snapshot: Side; autoMerges: number; notice: Notice | null; refusalId?: string }
  | { kind: "save-merge"; base: Versioned; sent: Side; snapshot: Side; autoMerges: number; notice: Notice | null; theirs: Versioned; refusalId?: string }
  /** The user typed while the save was under way: their newer draft is merged onto the saved text. */
  | { kind: "reconcile"; saved: Versioned; snapshot: Side; mine: Side; notice: Notice | null }
  | { kind: "merge-now"; base: Side; mine: Side; theirs: Versioned }
  | { kind: "save-merged"; resolved: Side }
  | { kind: "remerge"; theirs: Versioned; refusalId?: string }
  | { kind: "recreate" }
  | { kind: "recreate-merge"; mine: Side; theirs: Versioned; refusalId?: string }
  | { kind: "delete" };

export interface SessionState {
  id: string;
  phase: Phase;
  /** The server state the draft was edited from (with its ETag, which every write sends). */
  base: Versioned | null;
  draft: Side;
  /** The edit summary the next save sends (kept in the draft, cleared once saved). */
  summary: string;
  /**
   * The last draft write failed (storage full or unavailable): the unsaved text is only on
   * screen, and the editor says "Not saved on this device".
   */
  draftUnstored: boolean;
  op: Operation | null;
  remote: Remote | null;
  conflict: PendingConflict | null;
  dialogOpen: boolean;
  notice: Notice | null;
  deleted: DeletedInfo | null;
  deleteRefusal: DeleteRefusal | null;
  error: string | null;
  /**
   * The server answered 401: the session ended (expired, or signed out in another tab). The
   * draft is on disk, polling has stopped, and the editor asks the user to sign in again.
   */
  signedOut: boolean;
  live: Live;
  /**
   * The newest version the stream announced (0: none yet). While it is newer than any state this
   * session holds, the document is read (at once, or once the write under way has ended).
   */
  heard: number;
  /** Who else has the document open: the stream's presence without this account. */
  others: PresenceUser[];
  /**
   * The soft warning on opening: the ids of those who were editing when the first presence
   * arrived, for as long as they stay editing. null until then.
   */
  editingAtOpen: string[] | null;
}

export function initialSessionState(id: string): SessionState {
  return {
    id,
    phase: "loading",
    base: null,
    draft: EMPTY_SIDE,
    summary: "",
    draftUnstored: false,
    op: null,
    remote: null,
    conflict: null,
    dialogOpen: false,
    notice: null,
    deleted: null,
    deleteRefusal: null,
    error: null,
    signedOut: false,
    live: "connecting",
    heard: 0,
    others: [],
    editingAtOpen: null,
  };
}

export function isDirty(state: SessionState): boolean {
  return state.base !== null && !sameSide(state.draft, sideOf(state.base));
}

const WRITES: ReadonlySet<Operation["kind"]> = new Set(["save", "save-merge", "reconcile", "save-merged", "remerge", "recreate", "recreate-merge"]);

/** A write (with the merges it leads to) is under way. */
export function isSaving(state: SessionState): boolean {
  return state.op !== null && WRITES.has(state.op.kind);
}

/** The stream announced a version newer than any this session holds: it has to be read. */
export function isBehind(state: SessionState): boolean {
  return state.phase === "ready" && !state.signedOut && state.heard > (newestServerState(state)?.doc.version ?? 0);
}

/** The text of the server state `etag` names, if the session holds it (what a diff is made against). */
export function baseNamed(state: SessionState, etag: string): Side | null {
  const { op } = state;
  const saving = op?.kind === "save" || op?.kind === "save-merge" ? op.base : null;
  for (const v of [saving, state.conflict?.theirs, state.base, state.remote?.versioned]) {
    if (v && v.etag === etag) return sideOf(v);
  }
  return null;
}

/** The newest server state this session has seen (what the history marks as current). */
export function newestServerState(state: SessionState): Versioned | null {
  let newest = state.base;
  for (const v of [state.remote?.versioned, state.conflict?.theirs]) {
    if (v && (!newest || v.doc.version > newest.doc.version)) newest = v;
  }
  return newest;
}
