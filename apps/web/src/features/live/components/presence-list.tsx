import type { PresenceUser } from "@tandem/contract";
import { editingWarning, presenceLine } from "@/features/live/client/presence.ts";

const SHOWN = 3;

/** The others with the document open: "Ann is editing", "Bo is viewing". */
export function PresenceList({ others }: { others: readonly PresenceUser[] }) {
  if (others.length === 0) return null;
  // Those editing first: they are the ones a save may meet.
  const ordered = [...others].sort((a, b) => (a.state === b.state ? 0 : a.state === "editing" ? -1 : 1));
  const shown = ordered.slice(0, SHOWN);
  const more = ordered.slice(SHOWN);
  return (
    <ul aria-label="Also here" data-testid="presence" className="flex min-w-0 flex-wrap items-center gap-1.5">
      {shown.map((u) => (
        <li
          key={u.id}
          className={`inline-flex max-w-full items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${u.state === "editing" ? "bg-amber-50 text-amber-900" : "bg-slate-100 text-slate-700"}`}
        >
          <span aria-hidden className={`h-1.5 w-1.5 shrink-0 rounded-full ${u.state === "editing" ? "animate-pulse bg-amber-500" : "bg-emerald-500"}`} />
          <span className="truncate">{presenceLine(u)}</span>
        </li>
      ))}
      {more.length > 0 && (
        <li className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" title={more.map(presenceLine).join("\n")}>
          +{more.length} more
        </li>
      )}
    </ul>
  );
}

/** A soft warning, not a lock: someone was editing this document when it was opened. */
export function EditingWarning({ editors }: { editors: readonly string[] }) {
  const text = editingWarning(editors);
  if (!text) return null;
  return (
    <p role="status" data-testid="editing-warning" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-950">
      {text}
    </p>
  );
}
