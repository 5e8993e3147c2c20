"use client";
import { GoneError, type Versioned } from "@tandem/client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useSyncExternalStore } from "react";
import { api } from "@/lib/api";
import { DocumentSession } from "@/lib/document-session";
import { heartbeat, releaseDrafts } from "@/lib/drafts";
import { listen } from "@/lib/tab-channel";
import { useLazyComponent } from "../lazy-component";
import { Button } from "../ui/button";
import { ConflictBanner, DeletedPanel, NoticeBar, StaleBanner } from "./banners";
import { DeleteConfirm } from "./delete-confirm";
import { StatusPill } from "./status-pill";

// Heavy parts load on demand: the merge engine and its dialog only when a conflict needs
// them, the history and diff views only when opened. The editor's first load stays small.
const HistoryPanel = dynamic(() => import("../history/history-panel").then((m) => m.HistoryPanel), { ssr: false });
const ChangesDialog = dynamic(() => import("../history/changes-dialog").then((m) => m.ChangesDialog), { ssr: false });

const POLL_MS = 3_000;

const loadMergeDialog = () => import("../merge-dialog/merge-dialog").then((m) => m.MergeDialog);

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
  const router = useRouter();
  const queryClient = useQueryClient();
  const [session] = useState(() => new DocumentSession(id, (v: Versioned) => queryClient.setQueryData(["document", id], v)));
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [changesOpen, setChangesOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    void session.start();
  }, [session]);
  const idle = useIdle();
  useEffect(() => {
    if (idle) void import("@/lib/merge-documents");
  }, [idle]);
  const MergeDialog = useLazyComponent(loadMergeDialog, idle || state.conflict !== null);

  // Other browsers: a conditional GET every few seconds (a 304 while nothing changed).
  const server = useQuery({
    queryKey: ["document", id],
    queryFn: ({ signal }) => api.get(id, { signal }),
    enabled: state.phase === "ready",
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    retry: (count, error) => !(error instanceof GoneError) && count < 2,
  });
  useEffect(() => {
    if (server.data) session.serverState(server.data, "window");
  }, [server.data, session]);
  useEffect(() => {
    if (server.error instanceof GoneError) session.serverDeleted(server.error.deleted);
  }, [server.error, session]);

  // Other tabs of this browser: told at once.
  useEffect(
    () =>
      listen((message) => {
        if (message.docId !== id) return;
        if (message.type === "deleted") {
          api.get(id).catch((error: unknown) => error instanceof GoneError && session.serverDeleted(error.deleted));
          return;
        }
        api.get(id).then((v) => session.serverState(v, "tab"), () => undefined);
      }),
    [id, session],
  );

  // Keep the draft safe: written when the tab is hidden or closed, and the tab's heartbeat
  // dropped then, so the next tab to open this document takes the draft over at once; while
  // visible, the heartbeat keeps other tabs from adopting this tab's drafts.
  useEffect(() => {
    const leave = () => {
      session.persistDraft();
      releaseDrafts();
    };
    const onVisibility = () => (document.visibilityState === "hidden" ? leave() : heartbeat());
    heartbeat();
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", onVisibility);
    const alive = setInterval(() => document.visibilityState === "visible" && heartbeat(), 5_000);
    return () => {
      session.persistDraft();
      window.removeEventListener("pagehide", leave);
      document.removeEventListener("visibilitychange", onVisibility);
      clearInterval(alive);
    };
  }, [session]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void session.save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [session]);

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

  const dirty = session.dirty;
  const deleted = state.phase === "deleted";
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-4 sm:py-6">
      <div className="flex flex-wrap items-center gap-2">
        <Link href="/" className="mr-auto text-sm text-slate-600 hover:text-slate-900">
          ← All documents
        </Link>
        <StatusPill saving={state.saving} dirty={dirty || deleted} version={state.base?.doc.version ?? null} />
        <Button onClick={() => setHistoryOpen((o) => !o)} aria-expanded={historyOpen} disabled={deleted}>
          History
        </Button>
        <Button variant="danger" onClick={() => setConfirmDelete(true)} disabled={deleted || state.saving}>
          Delete
        </Button>
        <Button variant="primary" onClick={() => void session.save()} disabled={deleted || state.saving || (!dirty && !state.conflict)} aria-keyshortcuts="Control+S Meta+S">
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
          busy={state.saving}
          onRecreate={() => void session.recreate()}
          onCopy={() => void navigator.clipboard?.writeText(`${state.draft.title}\n\n${state.draft.content}`)}
          onDiscard={() => {
            if (window.confirm("Discard your text for good? This cannot be undone.")) {
              session.discard();
              router.push("/");
            }
          }}
        />
      )}
      {state.conflict && !state.dialogOpen && !deleted && <ConflictBanner conflict={state.conflict} onOpen={() => session.openDialog()} />}
      {state.remote && !deleted && <StaleBanner remote={state.remote} onMerge={() => void session.mergeNow()} />}
      {state.notice && <NoticeBar notice={state.notice} onDismiss={() => session.dismissNotice()} onViewChanges={() => setChangesOpen(true)} />}

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
              maxLength={500}
              onChange={(e) => session.edit({ title: e.target.value })}
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
              onChange={(e) => session.edit({ content: e.target.value })}
            />
          </div>
        </div>
        {historyOpen && state.base && (
          <HistoryPanel id={id} current={server.data && server.data.doc.version > state.base.doc.version ? server.data : state.base} dirty={dirty} onRestore={(side) => void session.restore(side)} onClose={() => setHistoryOpen(false)} />
        )}
      </div>

      {state.conflict && state.dialogOpen && MergeDialog && (
        <MergeDialog
          conflict={state.conflict}
          saving={state.saving}
          onChoices={(choices) => session.rememberChoices(choices)}
          onSave={(resolved, choices) => void session.saveMerged(resolved, choices)}
          onClose={() => session.closeDialog()}
        />
      )}
      {changesOpen && state.notice?.changes && <ChangesDialog changes={state.notice.changes} onClose={() => setChangesOpen(false)} />}
      {confirmDelete && (
        <DeleteConfirm
          dirty={dirty}
          onCancel={() => setConfirmDelete(false)}
          onDelete={(ifMatch) => session.remove(ifMatch)}
          onDeleted={() => router.push("/")}
        />
      )}
    </main>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  return <main className="mx-auto max-w-6xl px-4 py-10 text-slate-600">{children}</main>;
}
