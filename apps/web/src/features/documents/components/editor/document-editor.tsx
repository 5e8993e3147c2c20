"use client";
import { TITLE_MAX_LENGTH } from "@tandem/contract";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { useLazyComponent } from "@/components/lazy-component.ts";
import { Button } from "@/components/ui/button.tsx";
import { loadMergeEngine } from "@/features/documents/client/merge-engine.ts";
import { isDirty, isSaving, newestServerState } from "@/features/documents/client/session/state.ts";
import { useDocumentSession } from "@/features/documents/client/session/use-session.ts";
import { ConflictBanner, DeletedPanel, NoticeBar, StaleBanner } from "./banners.tsx";
import { DeleteConfirm } from "./delete-confirm.tsx";
import { StatusPill } from "./status-pill.tsx";

// Heavy parts load on demand: the merge engine and its dialog only when a conflict needs
// them, the history and diff views only when opened. The editor's first load stays small.
const HistoryPanel = dynamic(() => import("@/features/documents/components/history/history-panel.tsx").then((m) => m.HistoryPanel), { ssr: false });
const ChangesDialog = dynamic(() => import("@/features/documents/components/history/changes-dialog.tsx").then((m) => m.ChangesDialog), { ssr: false });

const loadMergeDialog = () => import("@/features/documents/components/merge-dialog/merge-dialog.tsx").then((m) => m.MergeDialog);

/**
 * The merge engine and dialog are not part of the first load, but are fetched as soon as the
 * editor is idle, so they are already in memory when a 412 arrives.
 */
function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    const done = () => setIdle(true);
    if ("requestIdleCallback" in window) {
      const handle = window.requestIdleCallback(done, { timeout: 2_000 });
      return () => window.cancelIdleCallback(handle);
    }
    const timer = setTimeout(done, 1_000);
    return () => clearTimeout(timer);
  }, []);
  return idle;
}

export function DocumentEditor({ id }: { id: string }) {
  const { state, dispatch } = useDocumentSession(id);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [changesOpen, setChangesOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const idle = useIdle();
  useEffect(() => {
    if (idle) void loadMergeEngine();
  }, [idle]);
  const MergeDialog = useLazyComponent(loadMergeDialog, idle || state.conflict !== null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        dispatch({ type: "save" });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dispatch]);

  if (state.phase === "loading") return <Shell>Loading…</Shell>;
  if (state.phase === "not-found") {
    return (
      <Shell>
        <p role="alert">This document does not exist{state.deleted ? " any more: it was deleted" : ""}.</p>
        <Link className="mt-3 inline-block text-brand-700 underline" href="/">
          Back to all documents
        </Link>
      </Shell>
    );
  }
  if (state.phase === "error") return <Shell><p role="alert">Could not load the document: {state.error}</p></Shell>;

  const dirty = isDirty(state);
  const saving = isSaving(state);
  const deleted = state.phase === "deleted";
  const current = newestServerState(state);
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-4 sm:py-6">
      <div className="flex flex-wrap items-center gap-2">
        <Link href="/" className="mr-auto text-sm text-slate-600 hover:text-slate-900">
          ← All documents
        </Link>
        <StatusPill saving={saving} dirty={dirty || deleted} version={state.base?.doc.version ?? null} />
        <Button onClick={() => setHistoryOpen((o) => !o)} aria-expanded={historyOpen} disabled={deleted}>
          History
        </Button>
        <Button variant="danger" onClick={() => setConfirmDelete(true)} disabled={deleted || saving}>
          Delete
        </Button>
        <Button variant="primary" onClick={() => dispatch({ type: "save" })} disabled={deleted || saving || (!dirty && !state.conflict)} aria-keyshortcuts="Control+S Meta+S">
          Save
        </Button>
      </div>

      {state.error && (
        <p role="alert" className="rounded-lg border border-rose-300 bg-rose-50 px-4 py-2 text-sm text-rose-900">
          {state.error}
        </p>
      )}
      {deleted && (
        <DeletedPanel
          deleted={state.deleted}
          busy={saving}
          onRecreate={() => dispatch({ type: "recreate" })}
          onCopy={() => void navigator.clipboard?.writeText(`${state.draft.title}\n\n${state.draft.content}`)}
          onDiscard={() => {
            if (window.confirm("Discard your text for good? This cannot be undone.")) dispatch({ type: "discard" });
          }}
        />
      )}
      {state.conflict && !state.dialogOpen && !deleted && <ConflictBanner conflict={state.conflict} onOpen={() => dispatch({ type: "open-dialog" })} />}
      {state.remote && !deleted && <StaleBanner remote={state.remote} onMerge={() => dispatch({ type: "merge-now" })} />}
      {state.notice && <NoticeBar notice={state.notice} onDismiss={() => dispatch({ type: "dismiss-notice" })} onViewChanges={() => setChangesOpen(true)} />}

      <div className={`grid gap-4 ${historyOpen ? "lg:grid-cols-[1fr_22rem]" : ""}`}>
        <div className="flex min-w-0 flex-col gap-3">
          <div>
            <label htmlFor="doc-title" className="mb-1 block text-xs font-medium tracking-wide text-slate-500 uppercase">
              Title
            </label>
            <input
              id="doc-title"
              className="w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-lg font-semibold shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
              value={state.draft.title}
              maxLength={TITLE_MAX_LENGTH}
              onChange={(e) => dispatch({ type: "edit", patch: { title: e.target.value } })}
            />
          </div>
          <div>
            <label htmlFor="doc-content" className="mb-1 block text-xs font-medium tracking-wide text-slate-500 uppercase">
              Content
            </label>
            <textarea
              id="doc-content"
              spellCheck
              className="h-[60vh] min-h-64 w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 font-mono text-sm leading-6 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
              value={state.draft.content}
              onChange={(e) => dispatch({ type: "edit", patch: { content: e.target.value } })}
            />
          </div>
        </div>
        {historyOpen && current && (
          <HistoryPanel id={id} current={current} dirty={dirty} onRestore={(revision) => dispatch({ type: "restore", revision })} onClose={() => setHistoryOpen(false)} />
        )}
      </div>

      {state.conflict && state.dialogOpen && MergeDialog && (
        <MergeDialog
          conflict={state.conflict}
          saving={saving}
          onChoose={(field, conflictId, resolution) => dispatch({ type: "choose", field, conflictId, resolution })}
          onSave={(resolved) => dispatch({ type: "save-merged", resolved })}
          onClose={() => dispatch({ type: "close-dialog" })}
        />
      )}
      {changesOpen && state.notice?.changes && <ChangesDialog changes={state.notice.changes} onClose={() => setChangesOpen(false)} />}
      {confirmDelete && (
        <DeleteConfirm
          dirty={dirty}
          busy={state.op?.kind === "delete"}
          refusal={state.deleteRefusal}
          onCancel={() => {
            setConfirmDelete(false);
            dispatch({ type: "cancel-delete" });
          }}
          onDelete={(ifMatch) => dispatch({ type: "delete", ifMatch })}
        />
      )}
    </main>
  );
}

function Shell({ children }: { children: ReactNode }) {
  return <main className="mx-auto max-w-6xl px-4 py-10 text-slate-600">{children}</main>;
}
