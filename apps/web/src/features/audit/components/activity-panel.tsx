"use client";
import { ACTIVITY_PAGE_SIZE, type AuditEntry } from "@tandem/contract";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button.tsx";
import { fetchActivity } from "@/features/audit/client/activity-api.ts";
import { describeEntry } from "@/features/audit/client/describe-entry.ts";
import { relativeTime } from "@/lib/relative-time.ts";

/**
 * Who did what to this document (owners and admins): conflicts, resolutions, sharing, deletion.
 * Without a document: the whole trail, sign-ins and tokens included (admins).
 */
export function ActivityPanel({ documentId, onClose }: { documentId: string | null; onClose?: () => void }) {
  const activity = useInfiniteQuery({
    queryKey: ["activity", documentId ?? "all"],
    queryFn: ({ pageParam, signal }) => fetchActivity(documentId, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    // A full page may have more behind it; a short one is the start of the trail.
    getNextPageParam: (last: AuditEntry[]) => (last.length >= ACTIVITY_PAGE_SIZE ? last.at(-1)?.id : undefined),
    refetchInterval: 10_000,
  });
  const entries = activity.data?.pages.flat() ?? [];
  // On a narrow screen the panel opens below the editor: bring it into view.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (onClose) panel.current?.scrollIntoView({ block: "nearest" });
  }, [onClose]);

  return (
    <aside ref={panel} aria-label="Activity" className="flex min-w-0 flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold">Activity</h2>
        {onClose && (
          <Button variant="ghost" aria-label="Close activity" onClick={onClose}>
            ✕
          </Button>
        )}
      </div>
      {activity.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {activity.isError && (
        <p role="alert" className="text-sm text-rose-700">
          Could not load the activity: {activity.error.message}
        </p>
      )}
      {activity.isSuccess && entries.length === 0 && <p className="text-sm text-slate-500">Nothing recorded yet.</p>}
      <ol className="max-h-[28rem] space-y-1 overflow-auto" data-testid="activity-entries">
        {entries.map((entry) => (
          <li key={entry.id} className="rounded-md px-2 py-1.5 text-sm">
            <span className="block text-slate-900">{describeEntry(entry)}</span>
            {documentId === null && entry.documentId && <span className="block truncate text-xs text-slate-500">Document {entry.documentId}</span>}
            <time dateTime={entry.at} title={new Date(entry.at).toLocaleString()} className="block text-xs text-slate-500">
              {relativeTime(entry.at)} · {new Date(entry.at).toLocaleString()}
            </time>
          </li>
        ))}
      </ol>
      {activity.hasNextPage && (
        <Button onClick={() => void activity.fetchNextPage()} disabled={activity.isFetchingNextPage}>
          {activity.isFetchingNextPage ? "Loading…" : "Load older activity"}
        </Button>
      )}
    </aside>
  );
}
