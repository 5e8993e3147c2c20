"use client";
import type { Versioned } from "@tandem/client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { LoadMore } from "@/components/ui/load-more.tsx";
import { api } from "@/features/documents/client/api.ts";
import { downloadMarkdown, markdownFileName } from "@/features/documents/client/export/markdown-file.ts";
import type { Side } from "@/features/documents/client/side.ts";
import { relativeTime } from "@/lib/relative-time.ts";
import { DiffView } from "./diff-view.tsx";

const KIND = { create: "created", update: "edited", delete: "deleted", recreate: "re-created" } as const;

/**
 * Every revision with author and time, newest first — the change you came to see is at the
 * top — a page at a time (scrolling to the end loads earlier ones); view one, diff it against the current text, restore it
 * (not offered without `onRestore`: a viewer reads the history but cannot write).
 */
export function HistoryPanel({
  id,
  current,
  dirty,
  onRestore,
  onClose,
}: {
  id: string;
  current: Versioned;
  dirty: boolean;
  onRestore?: (side: Side) => void;
  onClose: () => void;
}) {
  const revisions = useInfiniteQuery({
    queryKey: ["revisions", id, current.doc.version],
    queryFn: ({ signal, pageParam }) => api.revisionsPage(id, { order: "newest", next: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
  const [selected, setSelected] = useState<number | null>(null);
  // Revisions never change: cached for good once read.
  const revision = useQuery({
    queryKey: ["revision", id, selected],
    queryFn: ({ signal }) => api.revision(id, selected!, signal),
    enabled: selected !== null,
    staleTime: Infinity,
  });

  return (
    <aside aria-label="History" className="flex min-w-0 flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold">History</h2>
        <Button variant="ghost" aria-label="Close history" onClick={onClose}>
          ✕
        </Button>
      </div>
      {revisions.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {revisions.isError && <p role="alert" className="text-sm text-rose-700">Could not load the history.</p>}
      <ol className="max-h-72 space-y-1 overflow-auto">
        {(revisions.data?.pages.flatMap((p) => p.items) ?? []).map((r) => (
          <li key={r.version}>
            <button
              type="button"
              aria-pressed={selected === r.version}
              onClick={() => setSelected(r.version)}
              className={`w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${selected === r.version ? "bg-brand-50" : ""}`}
            >
              <span className="font-medium">v{r.version}</span> {KIND[r.kind]} by {r.author ?? "someone"}
              {r.summary && <em className="block truncate text-slate-700" title={r.summary}>{r.summary}</em>}
              <span className="block text-xs text-slate-500">
                <time dateTime={r.createdAt}>{relativeTime(r.createdAt)}</time>
                {r.version === current.doc.version ? " · current" : ""}
              </span>
            </button>
          </li>
        ))}
        <li>
          <LoadMore pages={revisions} label="Load earlier versions" />
        </li>
      </ol>
      {revision.data && (
        <div className="flex flex-col gap-2 border-t border-slate-100 pt-3">
          <div className="flex items-center justify-between gap-2">
            <h3 className="text-sm font-semibold">
              v{revision.data.version}: {revision.data.title || "Untitled"}
            </h3>
            <Button variant="ghost" className="px-2 py-1" onClick={() => downloadMarkdown(revision.data.content, markdownFileName(revision.data.title, revision.data.version))}>
              Download v{revision.data.version}
            </Button>
          </div>
          <p className="text-xs text-slate-600">Changes from v{revision.data.version} to the current version (v{current.doc.version}):</p>
          <DiffView before={revision.data.content} after={current.doc.content} label={`Diff of v${revision.data.version} against the current version`} />
          {onRestore && revision.data.version !== current.doc.version && !revision.data.deleted && (
            <Button
              variant="primary"
              onClick={() => {
                if (dirty && !window.confirm("Restoring replaces your unsaved changes in the editor with this version. Continue?")) return;
                onRestore({ title: revision.data.title, content: revision.data.content });
              }}
            >
              Restore v{revision.data.version}
            </Button>
          )}
        </div>
      )}
    </aside>
  );
}
