"use client";
import { diffLines } from "diff";
import { useMemo } from "react";

/** Line diff from `before` to `after`: removed lines red, added lines green, context grey. */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = useMemo(() => diffLines(before, after), [before, after]);
  const changed = parts.some((p) => p.added || p.removed);
  return (
    <pre aria-label={label} className="max-h-[50vh] overflow-auto rounded-md border border-slate-200 bg-white p-2 font-mono text-xs leading-5 whitespace-pre-wrap break-words">
      {!changed && <span className="text-slate-500">No differences.</span>}
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i} className="block bg-emerald-50 text-emerald-900 no-underline">
            {prefix(p.value, "+ ")}
          </ins>
        ) : p.removed ? (
          <del key={i} className="block bg-rose-50 text-rose-900 no-underline">
            {prefix(p.value, "− ")}
          </del>
        ) : (
          <span key={i} className="block text-slate-500">
            {prefix(p.value, "  ")}
          </span>
        ),
      )}
    </pre>
  );
}

function prefix(text: string, mark: string): string {
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  return lines.map((l) => `${mark}${l}`).join("\n");
}
