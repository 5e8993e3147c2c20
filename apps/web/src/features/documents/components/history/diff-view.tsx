"use client";
import { useEffect, useMemo, useState } from "react";
import { CodeView } from "@/features/documents/components/code-view/code-view.tsx";
import { diffDecorations } from "./diff-decorations.ts";
import { presentDiffOffThread, type DiffAnswer } from "./present-diff-off-thread.ts";

/**
 * Line diff from `before` to `after` in a read-only CodeMirror view: removed lines red, added
 * lines green, with Markdown highlighting. The diff is bounded (see VIEW_DIFF_BUDGET); past the
 * bound both versions are shown whole. It runs in a worker while the view shows "Comparing…",
 * so opening a diff never holds up the page; a newer pair of versions ends the older diff.
 */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const [shown, setShown] = useState<({ before: string; after: string } & DiffAnswer) | null>(null);
  useEffect(() => {
    const job = presentDiffOffThread(before, after);
    void job.result.then((answer) => setShown({ before, after, ...answer }));
    return () => job.cancel();
  }, [before, after]);
  const current = shown && shown.before === before && shown.after === after ? shown : null;
  const presentation = current?.presentation ?? null;
  const decorations = useMemo(() => (presentation?.kind === "lines" ? diffDecorations(presentation.changed) : null), [presentation]);

  if (!presentation) {
    return (
      <p role="status" className="text-xs text-slate-500">
        Comparing…
      </p>
    );
  }
  if (presentation.kind === "same") {
    return (
      <p aria-label={label} className="rounded-md border border-slate-200 bg-white p-2 text-xs text-slate-500">
        No differences.
      </p>
    );
  }
  if (presentation.kind === "whole") {
    return (
      <div className="flex flex-col gap-2" data-testid="diff-fallback" data-diff-thread={current?.thread}>
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-950">
          Too large to compare line by line — showing both versions whole.
        </p>
        <figure className="min-w-0">
          <figcaption className="mb-1 text-xs font-medium text-rose-800">Before</figcaption>
          <CodeView text={presentation.before} label={`${label}: before`} maxHeight="35vh" className="border-rose-200 bg-white" />
        </figure>
        <figure className="min-w-0">
          <figcaption className="mb-1 text-xs font-medium text-emerald-800">After</figcaption>
          <CodeView text={presentation.after} label={`${label}: after`} maxHeight="35vh" className="border-emerald-200 bg-white" />
        </figure>
      </div>
    );
  }
  return (
    // Where the diff was worked out: the e2e suite checks it was not the page's main thread.
    <div className="flex flex-col gap-1" data-diff-thread={current?.thread}>
      <p className="text-xs text-slate-600" data-testid="diff-summary">
        {presentation.changes === 1 ? "1 change" : `${presentation.changes} changes`}
      </p>
      <CodeView text={presentation.text} label={label} extensions={decorations ?? undefined} className="border-slate-200 bg-white" />
    </div>
  );
}
