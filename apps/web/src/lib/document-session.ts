import { ConflictError, GoneError, NotFoundError, type DeletedInfo, type Versioned } from "@tandem/client";
import type { Resolution } from "@tandem/conflict";
import { api } from "./api";
import { clearDraft, loadDraft, saveDraft } from "./drafts";
import type { DocumentMerge, mergeDocuments as MergeDocuments } from "./merge-documents";
import { sameSide, type Side } from "./side";
import { announce } from "./tab-channel";

// The merge engine loads on first need, keeping it out of the editor's first-load JavaScript.
async function mergeDocuments(...args: Parameters<typeof MergeDocuments>) {
  return (await import("./merge-documents")).mergeDocuments(...args);
}

// The editing session of one document in one tab, framework-free: React renders its snapshot
// (useSyncExternalStore) and calls its actions. It owns the one rule of the product — the
// user's text is never replaced or dropped without an explicit action — so every path that
// meets a newer server state merges (three-way, against the base the user started from) or
// asks, and never overwrites.

export type Phase = "loading" | "ready" | "not-found" | "deleted" | "error";

export interface Notice {
  id: number;
  tone: "info" | "success" | "warning";
  text: string;
  /** "view changes": what the other writer changed, from our base to their version. */
  changes?: { before: Side; after: Side; title: string };
}

export type Choices = Record<string, Resolution>;

export interface PendingConflict {
  base: Side;
  mine: Side;
  theirs: Versioned;
  merge: DocumentMerge;
  /** Choices made so far, by conflict id; kept across re-merges where the id still exists. */
  choices: { title: Choices; content: Choices };
  /** Why the dialog is (re)opened, e.g. a third writer got in. */
  reason: string | null;
}

export interface SessionState {
  phase: Phase;
  base: Versioned | null;
  draft: Side;
  saving: boolean;
  remote: { versioned: Versioned; source: "tab" | "window" } | null;
  notice: Notice | null;
  conflict: PendingConflict | null;
  dialogOpen: boolean;
  deleted: DeletedInfo | null;
  error: string | null;
}

const MAX_AUTO_MERGES = 5;
const DRAFT_DEBOUNCE_MS = 200;

let noticeIds = 0;

function sideOf(v: Versioned): Side {
  return { title: v.doc.title, content: v.doc.content };
}

function who(name: string | null | undefined): string {
  return name?.trim() ? name : "someone";
}

export class DocumentSession {
  private state: SessionState = {
    phase: "loading",
    base: null,
    draft: { title: "", content: "" },
    saving: false,
    remote: null,
    notice: null,
    conflict: null,
    dialogOpen: false,
    deleted: null,
    error: null,
  };
  private readonly listeners = new Set<() => void>();
  private draftTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly id: string,
    private readonly onServerState: (v: Versioned) => void = () => {},
  ) {}

  // ---- store plumbing -------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionState => this.state;

  get dirty(): boolean {
    const { base, draft } = this.state;
    return base !== null && !sameSide(draft, sideOf(base));
  }

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private notify(tone: Notice["tone"], text: string, changes?: Notice["changes"]): Notice {
    return { id: ++noticeIds, tone, text, changes };
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  // ---- loading ----------------------------------------------------------------------------

  /** First load: the server state, then any unsaved draft of this document (merged if stale). */
  async start(): Promise<void> {
    let server: Versioned;
    const draft = loadDraft(this.id);
    try {
      server = await api.get(this.id);
    } catch (error) {
      if (error instanceof GoneError) {
        if (draft) {
          this.set({ phase: "deleted", deleted: error.deleted, draft: { title: draft.title, content: draft.content } });
        } else {
          this.set({ phase: "not-found", deleted: error.deleted });
        }
        return;
      }
      if (error instanceof NotFoundError) return this.set({ phase: "not-found" });
      return this.set({ phase: "error", error: (error as Error).message });
    }
    this.onServerState(server);
    if (!draft || (draft.title === server.doc.title && draft.content === server.doc.content)) {
      if (draft) clearDraft(this.id);
      return this.set({ phase: "ready", base: server, draft: sideOf(server) });
    }
    const mine = { title: draft.title, content: draft.content };
    if (draft.baseEtag === server.etag) {
      return this.set({ phase: "ready", base: server, draft: mine, notice: this.notify("info", "Restored your unsaved changes.") });
    }
    // The draft was edited from an older version: merge it with what happened since.
    let base: Side;
    try {
      const revision = await api.revision(this.id, draft.baseVersion);
      base = { title: revision.title, content: revision.content };
    } catch {
      // Without its base the draft cannot be merged line by line: let the user decide.
      base = { title: "", content: "" };
    }
    const merge = await mergeDocuments(base, mine, sideOf(server));
    if (merge.merged) {
      this.set({
        phase: "ready",
        base: server,
        draft: merge.merged,
        notice: this.notify(
          "info",
          `Restored your unsaved changes from v${draft.baseVersion} and merged them with v${server.doc.version} by ${who(server.doc.updatedBy)}. Review and save.`,
          { before: base, after: sideOf(server), title: `Changes since v${draft.baseVersion}` },
        ),
      });
      this.persistDraft();
      return;
    }
    this.set({
      phase: "ready",
      base: server,
      draft: mine,
      conflict: { base, mine, theirs: server, merge, choices: { title: {}, content: {} }, reason: `Your unsaved changes were made on v${draft.baseVersion}; v${server.doc.version} changed the same lines.` },
      dialogOpen: true,
    });
  }

  // ---- editing ----------------------------------------------------------------------------

  edit(patch: Partial<Side>): void {
    this.set({ draft: { ...this.state.draft, ...patch } });
    this.scheduleDraft();
  }

  private scheduleDraft(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.persistDraft(), DRAFT_DEBOUNCE_MS);
  }

  /** Writes the draft now (also when the tab is hidden or closed, so no keystroke is lost). */
  persistDraft(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = null;
    const { base, draft } = this.state;
    if (!base) return;
    if (sameSide(draft, sideOf(base))) return clearDraft(this.id);
    saveDraft({ docId: this.id, title: draft.title, content: draft.content, baseVersion: base.doc.version, baseEtag: base.etag });
  }

  // ---- news from the server -----------------------------------------------------------------

  /** A state seen by polling (source "window") or announced by another tab ("tab"). */
  serverState(v: Versioned, source: "tab" | "window"): void {
    const { base, saving, phase } = this.state;
    if (!base || phase !== "ready") return;
    if (v.etag === base.etag || v.doc.version <= base.doc.version) return;
    if (this.state.remote && this.state.remote.versioned.doc.version >= v.doc.version) return;
    if (this.state.conflict && this.state.conflict.theirs.doc.version >= v.doc.version) return;
    if (saving) return; // the save in flight meets it as a 412 and merges
    if (!this.dirty && !this.state.conflict) {
      this.set({ base: v, draft: sideOf(v), remote: null, notice: this.notify("info", `Updated to v${v.doc.version} by ${who(v.doc.updatedBy)}.`) });
      clearDraft(this.id);
      return;
    }
    this.set({ remote: { versioned: v, source } });
  }

  serverDeleted(info: DeletedInfo | null): void {
    if (this.state.phase !== "ready") return;
    this.set({ phase: "deleted", deleted: info, remote: null, dialogOpen: false });
    this.persistDraft();
  }

  /** "Merge now": fold the newer server version into the draft before saving. */
  async mergeNow(): Promise<void> {
    const { base, draft, remote, conflict } = this.state;
    const theirs = remote?.versioned ?? conflict?.theirs;
    if (!base || !theirs) return;
    const baseSide = conflict ? conflict.base : sideOf(base);
    const merge = await mergeDocuments(baseSide, draft, sideOf(theirs));
    if (merge.merged) {
      this.set({
        base: theirs,
        draft: merge.merged,
        remote: null,
        conflict: null,
        notice: this.notify("success", `Merged the changes by ${who(theirs.doc.updatedBy)} in v${theirs.doc.version} into your text. Not saved yet.`, {
          before: baseSide,
          after: sideOf(theirs),
          title: `Changes by ${who(theirs.doc.updatedBy)} in v${theirs.doc.version}`,
        }),
      });
      this.persistDraft();
      return;
    }
    this.set({
      conflict: { base: baseSide, mine: draft, theirs, merge, choices: conflict?.choices ?? { title: {}, content: {} }, reason: null },
      dialogOpen: true,
    });
  }

  // ---- saving -------------------------------------------------------------------------------

  /**
   * Save = PUT with If-Match of the base. On 412 the body carries the current state: a clean
   * three-way merge is saved again at once (bounded), a conflict opens the merge dialog.
   */
  async save(): Promise<void> {
    const start = this.state;
    if (!start.base || start.saving || start.phase !== "ready") return;
    if (start.conflict) return this.set({ dialogOpen: true });
    if (!this.dirty) return;
    this.set({ saving: true, error: null });
    let base = start.base;
    let mine = start.draft;
    const snapshot = start.draft;
    let merged: Notice | null = null;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const saved = await api.replace(this.id, mine, { ifMatch: base.etag });
          await this.saved(saved, snapshot, merged);
          return;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          if (!error.current) return this.serverDeletedDuringWrite(error.deleted);
          const theirs = error.current;
          const merge = await mergeDocuments(sideOf(base), mine, sideOf(theirs));
          if (!merge.merged || attempt >= MAX_AUTO_MERGES) {
            this.set({
              saving: false,
              conflict: { base: sideOf(base), mine, theirs, merge, choices: { title: {}, content: {} }, reason: null },
              remote: null,
              dialogOpen: true,
            });
            return;
          }
          merged = this.notify("success", `Merged with changes by ${who(theirs.doc.updatedBy)} in v${theirs.doc.version}.`, {
            before: sideOf(base),
            after: sideOf(theirs),
            title: `Changes by ${who(theirs.doc.updatedBy)} in v${theirs.doc.version}`,
          });
          base = theirs;
          mine = merge.merged;
        }
      }
    } catch (error) {
      if (error instanceof GoneError || error instanceof NotFoundError) return this.serverDeletedDuringWrite(error instanceof GoneError ? error.deleted : null);
      this.set({ saving: false, error: `Could not save: ${(error as Error).message}. Your changes are kept; try again.` });
    }
  }

  /**
   * After a successful write of `saved` (made from the draft `snapshot`): the user may have
   * typed meanwhile, so their newer draft is merged onto the saved text, not replaced by it.
   */
  private async saved(saved: Versioned, snapshot: Side, notice: Notice | null): Promise<void> {
    const current = this.state.draft;
    let draft = sideOf(saved);
    let conflict: PendingConflict | null = null;
    if (!sameSide(current, snapshot)) {
      const merge = await mergeDocuments(snapshot, current, draft);
      if (merge.merged) draft = merge.merged;
      else {
        draft = current;
        conflict = { base: snapshot, mine: current, theirs: saved, merge, choices: { title: {}, content: {} }, reason: "You kept typing while the save merged other changes." };
      }
    }
    this.set({
      saving: false,
      base: saved,
      draft,
      remote: null,
      conflict,
      dialogOpen: conflict !== null,
      notice: notice ?? this.state.notice,
      error: null,
    });
    this.onServerState(saved);
    announce({ type: "saved", docId: this.id, version: saved.doc.version, etag: saved.etag, by: saved.doc.updatedBy });
    this.persistDraft();
  }

  private serverDeletedDuringWrite(info: DeletedInfo | null): void {
    this.set({ saving: false, phase: "deleted", deleted: info, dialogOpen: false, remote: null });
    this.persistDraft();
  }

  // ---- the merge dialog -----------------------------------------------------------------------

  openDialog(): void {
    if (this.state.conflict) this.set({ dialogOpen: true });
  }

  /** Esc / close: the dialog goes, the conflict and the draft stay. */
  closeDialog(): void {
    this.set({ dialogOpen: false });
  }

  rememberChoices(choices: PendingConflict["choices"]): void {
    const { conflict } = this.state;
    if (conflict) this.state = { ...this.state, conflict: { ...conflict, choices } };
  }

  /**
   * "Save merged": writes the resolved text against the version the dialog merged with. If a
   * third writer got in meanwhile, re-merges against the newest version, keeping the choices
   * whose conflicts still exist, and shows the dialog again.
   */
  async saveMerged(resolved: Side, choices: PendingConflict["choices"]): Promise<void> {
    const { conflict } = this.state;
    if (!conflict || this.state.saving) return;
    this.set({ saving: true, error: null, conflict: { ...conflict, choices } });
    try {
      const saved = await api.replace(this.id, resolved, { ifMatch: conflict.theirs.etag });
      this.set({ conflict: null, dialogOpen: false });
      this.set({ draft: resolved });
      await this.saved(saved, resolved, this.notify("success", `Saved the merged version as v${saved.doc.version}.`));
    } catch (error) {
      if (error instanceof ConflictError && error.current) {
        const theirs = error.current;
        const merge = await mergeDocuments(conflict.base, conflict.mine, sideOf(theirs));
        this.set({
          saving: false,
          remote: null,
          conflict: {
            ...conflict,
            theirs,
            merge,
            choices,
            reason: `${who(theirs.doc.updatedBy)} saved v${theirs.doc.version} while you were resolving. Your choices are kept where they still apply.`,
          },
          dialogOpen: true,
        });
        return;
      }
      if (error instanceof ConflictError || error instanceof GoneError) return this.serverDeletedDuringWrite(error instanceof ConflictError ? error.deleted : error.deleted);
      this.set({ saving: false, error: `Could not save: ${(error as Error).message}. Your choices are kept; try again.` });
    }
  }

  // ---- deletion -------------------------------------------------------------------------------

  /** Deletes if the document is still at `ifMatch` (default: our base). */
  async remove(ifMatch?: string): Promise<{ ok: true } | { ok: false; current: Versioned | null; message: string }> {
    const { base } = this.state;
    if (!base) return { ok: false, current: null, message: "Nothing to delete." };
    try {
      await api.remove(this.id, { ifMatch: ifMatch ?? base.etag });
      clearDraft(this.id);
      announce({ type: "deleted", docId: this.id, version: base.doc.version + 1, etag: null, by: null });
      return { ok: true };
    } catch (error) {
      if (error instanceof ConflictError && error.current) {
        return { ok: false, current: error.current, message: `${who(error.current.doc.updatedBy)} changed this document (v${error.current.doc.version}) after you opened it.` };
      }
      if (error instanceof ConflictError || error instanceof GoneError) return { ok: false, current: null, message: "It was already deleted." };
      return { ok: false, current: null, message: (error as Error).message };
    }
  }

  /** After someone deleted the document: bring it back with the user's text. */
  async recreate(): Promise<void> {
    this.set({ saving: true, error: null });
    try {
      const created = await api.createWithId(this.id, this.state.draft);
      this.set({ saving: false, phase: "ready", deleted: null, base: created, notice: this.notify("success", `Re-created the document with your text as v${created.doc.version}.`) });
      clearDraft(this.id);
      this.onServerState(created);
      announce({ type: "saved", docId: this.id, version: created.doc.version, etag: created.etag, by: created.doc.updatedBy });
    } catch (error) {
      if (error instanceof ConflictError && error.current) {
        // Someone re-created it first: merge our text into theirs like any other conflict.
        const theirs = error.current;
        const empty = { title: "", content: "" };
        const merge = await mergeDocuments(empty, this.state.draft, sideOf(theirs));
        this.set({
          saving: false,
          phase: "ready",
          deleted: null,
          base: theirs,
          conflict: { base: empty, mine: this.state.draft, theirs, merge, choices: { title: {}, content: {} }, reason: `${who(theirs.doc.updatedBy)} re-created this document first.` },
          dialogOpen: true,
        });
        return;
      }
      this.set({ saving: false, error: `Could not re-create: ${(error as Error).message}` });
    }
  }

  /** The explicit "discard my text" after a deletion. */
  discard(): void {
    clearDraft(this.id);
    this.set({ draft: { title: "", content: "" }, phase: "not-found" });
  }

  /** History: make an old revision the next version (through the normal save and merge flow). */
  async restore(revision: Side): Promise<void> {
    this.set({ draft: { title: revision.title, content: revision.content } });
    await this.save();
  }
}
