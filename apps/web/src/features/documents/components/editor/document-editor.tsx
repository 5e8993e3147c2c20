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
import { LivePausedNote } from "@/features/live/components/live-paused-note.tsx";
import { EditingWarning, PresenceList } from "@/features/live/components/presence-list.tsx";
import { useDocumentAccess } from "@/features/sharing/client/use-document-access.ts";
import { ConflictBanner, DeletedPanel, NoticeBar, StaleBanner } from "./banners.tsx";
import { ContentPane, preloadEditor } from "./content-pane.tsx";
import { DeleteConfirm } from "./delete-confirm.tsx";
import { DocumentGone } from "./document-gone.tsx";
import { SummaryField } from "./edit-summary.tsx";
import { LastEdited } from "./last-edited.tsx";
import { NotSavedOnDevice } from "./not-saved-on-device.tsx";
import { SignedOutNotice } from "./signed-out-notice.tsx";
import { StatusPill } from "./status-pill.tsx";
import { ViewerNotice } from "./viewer-notice.tsx";

// Heavy parts load on demand: the merge engine and its dialog only when a conflict needs
// them, the history and diff views only when opened. The editor's first load stays small.
const HistoryPanel = dynamic(() => import("@/features/documents/components/history/history-panel.tsx").then((m) => m.HistoryPanel), { ssr: false });
const ChangesDialog = dynamic(() => import("@/features/documents/components/history/changes-dialog.tsx").then((m) => m.ChangesDialog), { ssr: false });
const ShareDialog = dynamic(() => import("@/features/sharing/components/share-dialog.tsx").then((m) => m.ShareDialog), { ssr: false });
const ActivityPanel = dynamic(() => import("@/features/audit/components/activity-panel.tsx").then((m) => m.ActivityPanel), { ssr: false });

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
  const access = useDocumentAccess(id);
  // Until the role is known nothing is editable; if it cannot be read, the server still
  // refuses a viewer's write (403), so the editor does not lock anyone out on a failed read.
  const canEdit = access.data ? access.data.canEdit : access.isError;
  const [historyOpen, setHistoryOpen] = useState(false);
  const [activityOpen, setActivityOpen] = useState(false);
  const [shareOpen, setShareOpen] = useState(false);
  const [changesOpen, setChangesOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(preloadEditor, []);
  const idle = useIdle();
  useEffect(() => {
    if (idle) void loadMergeEngine();
  }, [idle]);
  const MergeDialog = useLazyComponent(loadMergeDialog, idle || state.conflict !== null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        if (canEdit) dispatch({ type: "save" });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dispatch, canEdit]);

  // A refused write may mean the role changed meanwhile (a 403): read it again at once.
  const { refetch: recheckAccess } = access;
  useEffect(() => {
    if (state.error) void recheckAccess();
  }, [state.error, recheckAccess]);

  if (state.phase === "loading") return <Shell>Loading…</Shell>;
  if (state.phase === "not-found") return <DocumentGone id={id} deleted={state.deleted} canPurge={access.data?.canAudit ?? false} />;
  if (state.phase === "error" && state.signedOut) return <Shell><SignedOutNotice id={id} dirty={false} /></Shell>;
  if (state.phase === "error") return <Shell><p role="alert">Could not load the document: {state.error}</p></Shell>;

  const dirty = isDirty(state);
  const saving = isSaving(state);
  const deleted = state.phase === "deleted";
  const current = newestServerState(state);
  const viewer = access.data?.role === "viewer";
  const sidePanel = historyOpen || activityOpen;
  // Those who were editing when this editor opened and still are (a warning for writers only).
  const editingNow = state.others.filter((u) => u.state === "editing" && state.editingAtOpen?.includes(u.id)).map((u) => u.name);
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-4 sm:py-6">
      <div className="flex flex-wrap items-center gap-2">
        <div className="mr-auto flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1.5">
          <Link href="/" className="text-sm text-slate-600 hover:text-slate-900">
            ← All documents
          </Link>
          <PresenceList others={state.others} />
        </div>
        <StatusPill saving={saving} dirty={dirty || deleted} version={state.base?.doc.version ?? null} />
        {state.draftUnstored && (dirty || deleted) && <NotSavedOnDevice />}
        {access.data?.canShare && (
          <Button onClick={() => setShareOpen(true)} disabled={deleted} aria-haspopup="dialog">
            Share
          </Button>
        )}
        {access.data?.canAudit && (
          <Button onClick={() => setActivityOpen((o) => !o)} aria-expanded={activityOpen}>
            Activity
          </Button>
        )}
        <Button onClick={() => setHistoryOpen((o) => !o)} aria-expanded={historyOpen} disabled={deleted}>
          History
        </Button>
        {(access.data?.canDelete ?? access.isError) && (
          <Button variant="danger" onClick={() => setConfirmDelete(true)} disabled={deleted || saving}>
            Delete
          </Button>
        )}
        {canEdit && <SummaryField value={state.summary} onChange={(summary) => dispatch({ type: "edit-summary", summary })} onSubmit={() => dispatch({ type: "save" })} />}
        {canEdit && (
          <Button variant="primary" onClick={() => dispatch({ type: "save" })} disabled={deleted || saving || (!dirty && !state.conflict)} aria-keyshortcuts="Control+S Meta+S">
            Save
          </Button>
        )}
      </div>
      {viewer && <ViewerNotice owners={access.data?.owners ?? []} unsaved={dirty} />}
      {state.live === "down" && !state.signedOut && <LivePausedNote />}
      {canEdit && !deleted && <EditingWarning editors={editingNow} />}

      {state.signedOut && <SignedOutNotice id={id} dirty={dirty || deleted} />}
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
      {state.conflict && !state.dialogOpen && !deleted && <ConflictBanner conflict={state.conflict} selfId={access.data?.me.id} onOpen={() => dispatch({ type: "open-dialog" })} />}
      {state.remote && !deleted && <StaleBanner remote={state.remote} selfId={access.data?.me.id} onMerge={() => dispatch({ type: "merge-now" })} />}
      {state.notice && <NoticeBar notice={state.notice} onDismiss={() => dispatch({ type: "dismiss-notice" })} onViewChanges={() => setChangesOpen(true)} />}

      <div className={`grid gap-4 ${sidePanel ? "lg:grid-cols-[1fr_22rem]" : ""}`}>
        <div className="flex min-w-0 flex-col gap-3">
          <div>
            <div className="mb-1 flex items-baseline justify-between gap-3">
              <label htmlFor="doc-title" className="block text-xs font-medium tracking-wide text-slate-500 uppercase">
                Title
              </label>
              {current && <LastEdited doc={current.doc} />}
            </div>
            <input
              id="doc-title"
              readOnly={!canEdit}
              className="w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-lg font-semibold shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 read-only:bg-slate-50 read-only:text-slate-700"
              value={state.draft.title}
              maxLength={TITLE_MAX_LENGTH}
              onChange={(e) => dispatch({ type: "edit", patch: { title: e.target.value } })}
            />
          </div>
          {access.data || access.isError ? (
            <ContentPane
              title={state.draft.title}
              content={state.draft.content}
              canEdit={canEdit}
              viewer={viewer}
              onEdit={(content) => dispatch({ type: "edit", patch: { content } })}
            />
          ) : (
            <p className="text-sm text-slate-500">Loading…</p>
          )}
        </div>
        {sidePanel && (
          <div className="flex min-w-0 flex-col gap-4">
            {activityOpen && <ActivityPanel documentId={id} onClose={() => setActivityOpen(false)} />}
            {historyOpen && current && (
              <HistoryPanel
                id={id}
                current={current}
                dirty={dirty}
                onRestore={canEdit ? (revision) => dispatch({ type: "restore", revision }) : undefined}
                onClose={() => setHistoryOpen(false)}
              />
            )}
          </div>
        )}
      </div>

      {state.conflict && state.dialogOpen && MergeDialog && (
        <MergeDialog
          conflict={state.conflict}
          selfId={access.data?.me.id}
          saving={saving}
          onChoose={(field, conflictId, resolution) => dispatch({ type: "choose", field, conflictId, resolution })}
          onSave={(resolved) => dispatch({ type: "save-merged", resolved })}
          onClose={() => dispatch({ type: "close-dialog" })}
        />
      )}
      {shareOpen && <ShareDialog documentId={id} title={state.draft.title} onClose={() => setShareOpen(false)} />}
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
