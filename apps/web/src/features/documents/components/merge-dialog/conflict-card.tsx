"use client";
import { refineConflict, resolveConflict, type ConflictChunk, type Resolution } from "@tandem/conflict";
import { forwardRef, useMemo, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { CodeView } from "@/features/documents/components/code-view/code-view.tsx";
import { wordMarkDecorations } from "./word-mark-decorations.ts";
import { wordMarks } from "./word-marks.ts";

export interface ConflictItem {
  field: "title" | "content";
  chunk: ConflictChunk;
  /** 1-based position among all conflicts of the dialog. */
  index: number;
}

function label(resolution: Resolution | undefined): string {
  if (resolution === undefined) return "Unresolved";
  if (typeof resolution === "object") return "Edited";
  return { mine: "Using mine", theirs: "Using theirs", base: "Using base", "mine-then-theirs": "Using both (mine first)", "theirs-then-mine": "Using both (theirs first)" }[resolution];
}

export const ConflictCard = forwardRef<HTMLElement, {
  item: ConflictItem;
  total: number;
  theirsBy: string;
  resolution: Resolution | undefined;
  onResolve: (resolution: Resolution) => void;
}>(function ConflictCard({ item, total, theirsBy, resolution, onResolve }, ref) {
  const { chunk } = item;
  const sides = useMemo(() => {
    const { mineVsTheirs } = refineConflict(chunk);
    const mine = wordMarks(mineVsTheirs, "from");
    const theirs = wordMarks(mineVsTheirs, "to");
    return { mine, theirs, mineMarks: wordMarkDecorations(mine, "mine"), theirsMarks: wordMarkDecorations(theirs, "theirs") };
  }, [chunk]);
  const [showBase, setShowBase] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const headingId = `conflict-${item.index}`;
  const where = item.field === "title" ? "Title" : `Content, line ${chunk.mineStart + 1}`;
  const pressed = (r: Resolution) => resolution === r;
  // A title is one line: "both" joins the two with a space instead of stacking lines.
  const both = (first: readonly string[], second: readonly string[]): Resolution =>
    item.field === "title" ? { text: `${first.join("")} ${second.join("")}`.trim() } : first === chunk.mine ? "mine-then-theirs" : "theirs-then-mine";

  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby={headingId}
      data-conflict-id={chunk.id}
      data-resolved={resolution !== undefined}
      className={`rounded-lg border p-3 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${resolution !== undefined ? "border-emerald-300 bg-emerald-50/40" : "border-amber-300 bg-white"}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-semibold">
          Conflict {item.index} of {total} <span className="font-normal text-slate-500">· {where}</span>
        </h3>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${resolution !== undefined ? "bg-emerald-100 text-emerald-900" : "bg-amber-100 text-amber-900"}`}>{label(resolution)}</span>
      </div>

      <div className="mt-2 grid gap-2 md:grid-cols-2">
        <figure className="min-w-0">
          <figcaption className="mb-1 text-xs font-medium text-sky-800">Mine</figcaption>
          {chunk.mine.length === 0 ? (
            <Deleted testId="mine-text" className="border-sky-200 bg-sky-50/60" />
          ) : (
            <CodeView testId="mine-text" text={sides.mine.text} extensions={sides.mineMarks} label={`Mine, conflict ${item.index}`} maxHeight="14rem" className="border-sky-200 bg-sky-50/60" />
          )}
        </figure>
        <figure className="min-w-0">
          <figcaption className="mb-1 text-xs font-medium text-violet-800">Theirs · {theirsBy}</figcaption>
          {chunk.theirs.length === 0 ? (
            <Deleted testId="theirs-text" className="border-violet-200 bg-violet-50/60" />
          ) : (
            <CodeView testId="theirs-text" text={sides.theirs.text} extensions={sides.theirsMarks} label={`Theirs, conflict ${item.index}`} maxHeight="14rem" className="border-violet-200 bg-violet-50/60" />
          )}
        </figure>
      </div>

      {showBase && (
        <figure className="mt-2">
          <figcaption className="mb-1 text-xs font-medium text-slate-600">Base (the version you both started from)</figcaption>
          {chunk.base.length === 0 ? (
            <p className="rounded-md border border-slate-200 bg-slate-50 p-2 text-xs">
              <em className="text-slate-500">(nothing: both added text here)</em>
            </p>
          ) : (
            <CodeView text={chunk.base.join("")} label={`Base, conflict ${item.index}`} maxHeight="10rem" className="border-slate-200 bg-slate-50" />
          )}
        </figure>
      )}

      {editing !== null ? (
        <div className="mt-2">
          <label className="mb-1 block text-xs font-medium text-slate-600" htmlFor={`${headingId}-edit`}>
            Edit the result of conflict {item.index}
          </label>
          <textarea
            id={`${headingId}-edit`}
            autoFocus
            className="h-32 w-full rounded-md border border-slate-300 p-2 font-mono text-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
            value={editing}
            onChange={(e) => setEditing(e.target.value)}
          />
          <div className="mt-1 flex gap-2">
            <Button
              variant="primary"
              onClick={() => {
                onResolve({ text: editing });
                setEditing(null);
              }}
            >
              Apply edit
            </Button>
            <Button onClick={() => setEditing(null)}>Cancel edit</Button>
          </div>
        </div>
      ) : (
        <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label={`Resolve conflict ${item.index}`}>
          <Button aria-pressed={pressed("mine")} className={pressed("mine") ? "ring-2 ring-sky-500" : ""} onClick={() => onResolve("mine")}>
            Use mine
          </Button>
          <Button aria-pressed={pressed("theirs")} className={pressed("theirs") ? "ring-2 ring-violet-500" : ""} onClick={() => onResolve("theirs")}>
            Use theirs
          </Button>
          <Button aria-pressed={pressed("mine-then-theirs")} className={pressed("mine-then-theirs") ? "ring-2 ring-emerald-500" : ""} onClick={() => onResolve(both(chunk.mine, chunk.theirs))}>
            Use both
          </Button>
          <Button aria-pressed={pressed("theirs-then-mine")} className={pressed("theirs-then-mine") ? "ring-2 ring-emerald-500" : ""} onClick={() => onResolve(both(chunk.theirs, chunk.mine))}>
            Both, theirs first
          </Button>
          <Button onClick={() => setEditing(resolution !== undefined ? resolveConflict(chunk, resolution) : chunk.mine.join(""))}>Edit…</Button>
          <Button variant="ghost" aria-pressed={showBase} onClick={() => setShowBase((s) => !s)}>
            {showBase ? "Hide base" : "Show base"}
          </Button>
        </div>
      )}
    </section>
  );
});

function Deleted({ testId, className }: { testId: string; className: string }) {
  return (
    <p data-testid={testId} className={`rounded-md border p-2 text-xs ${className}`}>
      <em className="text-slate-500">(deleted these lines)</em>
    </p>
  );
}
