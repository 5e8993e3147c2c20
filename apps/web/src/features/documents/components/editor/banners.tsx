"use client";
import type { DeletedInfo } from "@tandem/client";
import { Button } from "@/components/ui/button.tsx";
import type { Notice, PendingConflict, Remote } from "@/features/documents/client/session/state.ts";
import { whoSaved } from "@/features/documents/components/merge-dialog/who-saved.ts";
import { SummaryText } from "./edit-summary.tsx";

export function StaleBanner({ remote, onMerge, selfId }: { remote: Remote; onMerge: () => void; selfId?: string | null }) {
  const { doc } = remote.versioned;
  const by = whoSaved(doc, selfId);
  return (
    <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
      <span>
        Changed by <strong>{by === "You" ? "you" : by}</strong> in another {remote.source === "tab" ? "tab" : "window"} — v{doc.version}
        <SummaryText summary={doc.summary} prefix=": " />. Merge it into your text before
        you save.
      </span>
      <Button variant="primary" onClick={onMerge}>
        Merge now
      </Button>
    </div>
  );
}

export function ConflictBanner({ conflict, onOpen, selfId }: { conflict: PendingConflict; onOpen: () => void; selfId?: string | null }) {
  return (
    <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-rose-300 bg-rose-50 px-4 py-2.5 text-sm text-rose-950">
      <span>
        <strong>{whoSaved(conflict.theirs.doc, selfId)}</strong> saved version {conflict.theirs.doc.version} while you were editing; your changes touch the same lines (
        {conflict.merge.conflicts} {conflict.merge.conflicts === 1 ? "conflict" : "conflicts"}). Nothing is lost: resolve them to save.
      </span>
      <Button variant="primary" onClick={onOpen}>
        Resolve conflicts
      </Button>
    </div>
  );
}

export function NoticeBar({ notice, onDismiss, onViewChanges }: { notice: Notice; onDismiss: () => void; onViewChanges: () => void }) {
  const tone = notice.tone === "success" ? "border-emerald-200 bg-emerald-50 text-emerald-950" : notice.tone === "warning" ? "border-amber-200 bg-amber-50" : "border-slate-200 bg-white";
  return (
    <div role="status" className={`flex flex-wrap items-center justify-between gap-3 rounded-lg border px-4 py-2 text-sm ${tone}`}>
      <span data-testid="notice">
        {notice.text}
        <SummaryText summary={notice.summary} />
      </span>
      <span className="flex gap-2">
        {notice.changes && (
          <Button variant="ghost" onClick={onViewChanges}>
            View changes
          </Button>
        )}
        <Button variant="ghost" aria-label="Dismiss notice" onClick={onDismiss}>
          ✕
        </Button>
      </span>
    </div>
  );
}

export function DeletedPanel({
  deleted,
  busy,
  onRecreate,
  onDiscard,
  onCopy,
}: {
  deleted: DeletedInfo | null;
  busy: boolean;
  onRecreate: () => void;
  onDiscard: () => void;
  onCopy: () => void;
}) {
  return (
    <div role="alert" className="rounded-lg border border-rose-300 bg-rose-50 px-4 py-3 text-sm text-rose-950">
      <p className="font-medium">
        {deleted?.deletedBy ?? "Someone"} deleted this document{deleted?.deletedAt ? ` at ${new Date(deleted.deletedAt).toLocaleString()}` : ""}.
      </p>
      <p className="mt-1">Your text is still here and kept in this browser until you decide what happens to it.</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="primary" disabled={busy} onClick={onRecreate}>
          Re-create with my text
        </Button>
        <Button onClick={onCopy}>Copy my text</Button>
        <Button variant="danger" onClick={onDiscard}>
          Discard my text
        </Button>
      </div>
    </div>
  );
}
