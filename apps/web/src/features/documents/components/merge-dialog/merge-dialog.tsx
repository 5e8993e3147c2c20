"use client";
import type { Resolution } from "@tandem/conflict";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Modal } from "@/components/ui/modal.tsx";
import { CodeView } from "@/features/documents/components/code-view/code-view.tsx";
import { resolveDocument } from "@/features/documents/client/merge-documents.ts";
import type { Side } from "@/features/documents/client/side.ts";
import type { PendingConflict } from "@/features/documents/client/session/state.ts";
import { ConflictCard, type ConflictItem } from "./conflict-card.tsx";
import { SummaryText } from "@/features/documents/components/editor/edit-summary.tsx";
import { conflictMarkerLines } from "./conflict-marker-lines.ts";
import { whoSaved } from "./who-saved.ts";

/**
 * The three-way merge dialog. Every conflict of title and content gets mine/theirs side by
 * side with word-level highlights, base on demand, and Use mine / Use theirs / Use both / Edit.
 * Alt+↓ / Alt+↑ move between conflicts; Esc closes and keeps everything (draft and choices);
 * "Save merged" is enabled once every conflict is resolved. The choices live in the session,
 * so they survive closing the dialog and a re-merge with a third writer's version.
 */
export function MergeDialog({
  conflict,
  saving,
  onChoose,
  onSave,
  onClose,
  selfId,
}: {
  conflict: PendingConflict;
  /** The signed-in account, so its own saves read as "You". */
  selfId?: string | null;
  saving: boolean;
  onChoose: (field: ConflictItem["field"], conflictId: string, resolution: Resolution) => void;
  onSave: (resolved: Side) => void;
  onClose: () => void;
}) {
  const { merge, choices } = conflict;
  const items = useMemo<ConflictItem[]>(() => {
    const list: ConflictItem[] = [];
    for (const field of ["title", "content"] as const) {
      for (const chunk of merge[field].chunks) if (chunk.kind === "conflict") list.push({ field, chunk, index: list.length + 1 });
    }
    return list;
  }, [merge]);

  const resolvedCount = items.filter((i) => choices[i.field][i.chunk.id] !== undefined).length;
  const allResolved = resolvedCount === items.length;
  const preview = useMemo(() => resolveDocument(merge, choices, { unresolved: "markers" }), [merge, choices]);

  const cards = useRef<(HTMLElement | null)[]>([]);
  const [current, setCurrent] = useState(0);
  function focusConflict(index: number) {
    const next = Math.max(0, Math.min(items.length - 1, index));
    setCurrent(next);
    cards.current[next]?.focus();
    cards.current[next]?.scrollIntoView({ block: "nearest" });
  }
  // A new merge (the dialog opens, or a third writer got in) starts at the first conflict.
  useEffect(() => {
    cards.current[0]?.focus();
  }, [merge]);

  function resolve(item: ConflictItem, resolution: Resolution) {
    onChoose(item.field, item.chunk.id, resolution);
    // Move on to the next unresolved conflict, as a keyboard user would want.
    const after = items.findIndex((i, n) => n > item.index - 1 && choices[i.field][i.chunk.id] === undefined);
    if (after !== -1) focusConflict(after);
  }

  function save() {
    if (allResolved) onSave(resolveDocument(merge, choices));
  }

  const savedBy = whoSaved(conflict.theirs.doc, selfId);
  const theirsBy = `${savedBy}, v${conflict.theirs.doc.version}`;
  return (
    <Modal title="Resolve conflicts" onClose={onClose}>
      <div
        className="flex max-h-[92vh] flex-col"
        onKeyDown={(e) => {
          if (e.altKey && e.key === "ArrowDown") {
            e.preventDefault();
            focusConflict(current + 1);
          } else if (e.altKey && e.key === "ArrowUp") {
            e.preventDefault();
            focusConflict(current - 1);
          }
        }}
      >
        <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3">
          <div>
            <p className="text-base font-semibold" aria-hidden>
              Resolve conflicts
            </p>
            <p className="text-xs text-slate-600">
              {savedBy} saved version {conflict.theirs.doc.version}
              <SummaryText summary={conflict.theirs.doc.summary} prefix=" — " /> while you were editing, and changed the same lines as you. Everything else merged by itself.
            </p>
          </div>
          <p aria-live="polite" data-testid="resolved-counter" className="rounded-full bg-slate-100 px-3 py-1 text-sm font-medium">
            {resolvedCount} of {items.length} resolved
          </p>
        </header>
        {conflict.reason && (
          <p role="status" className="border-b border-amber-200 bg-amber-50 px-5 py-2 text-sm text-amber-950">
            {conflict.reason}
          </p>
        )}
        <div className="grid min-h-0 flex-1 gap-4 overflow-auto p-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="flex min-w-0 flex-col gap-3">
            {items.map((item, n) => (
              <div key={`${item.field}:${item.chunk.id}`} onFocus={() => setCurrent(n)}>
                <ConflictCard
                  ref={(el) => {
                    cards.current[n] = el;
                  }}
                  item={item}
                  total={items.length}
                  theirsBy={theirsBy}
                  resolution={choices[item.field][item.chunk.id]}
                  onResolve={(r) => resolve(item, r)}
                />
              </div>
            ))}
            {items.length === 0 && <p className="text-sm text-slate-600">No conflicts left: the newer version no longer clashes with yours. Save to finish.</p>}
          </div>
          <section aria-label="Preview of the merged document" className="min-w-0">
            <h3 className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">Preview</h3>
            <p className="mb-2 truncate rounded-md border border-slate-200 bg-white px-2 py-1 text-sm font-semibold" data-testid="preview-title">
              {preview.title}
            </p>
            <CodeView testId="preview-content" text={preview.content} extensions={conflictMarkerLines} label="Merged content" maxHeight="60vh" className="border-slate-200 bg-white" />
          </section>
        </div>
        <footer className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3">
          <p className="hidden text-xs text-slate-600 sm:block">
            <kbd className="rounded border bg-white px-1">Alt</kbd>+<kbd className="rounded border bg-white px-1">↓</kbd>/<kbd className="rounded border bg-white px-1">↑</kbd> next/previous
            conflict · <kbd className="rounded border bg-white px-1">Esc</kbd> closes and keeps your work
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button onClick={() => focusConflict(current - 1)} disabled={current <= 0}>
              Previous conflict
            </Button>
            <Button onClick={() => focusConflict(current + 1)} disabled={current >= items.length - 1}>
              Next conflict
            </Button>
            <Button onClick={onClose}>Close</Button>
            <Button variant="primary" disabled={!allResolved || saving} onClick={save}>
              Save merged
            </Button>
          </div>
        </footer>
      </div>
    </Modal>
  );
}
