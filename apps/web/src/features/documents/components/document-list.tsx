"use client";
import { eventsPath, SEARCH_QUERY_MAX_LENGTH, TITLE_MAX_LENGTH, WORKSPACE_STREAM_EVENTS, type DocumentSummary, type PresenceSummaryEvent, type SearchHit } from "@tandem/contract";
import type { Page } from "@tandem/client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { LoadMore } from "@/components/ui/load-more.tsx";
import { api } from "@/features/documents/client/api.ts";
import { HighlightedText } from "@/features/documents/components/highlighted-text.tsx";
import { useDebounced } from "@/lib/use-debounced.ts";
import { applyListEvent, applyPresenceSummary } from "@/features/documents/client/list-events.ts";
import { presenceSummaryText } from "@/features/live/client/presence.ts";
import { useEventStream, type LiveStatus } from "@/features/live/client/use-event-stream.ts";
import { LivePausedNote } from "@/features/live/components/live-paused-note.tsx";
import { SharedTag } from "@/features/sharing/components/shared-tag.tsx";
import { relativeTime } from "@/lib/relative-time.ts";

const DOCUMENTS_KEY = ["documents"] as const;
/** How long typing must pause before the search runs. */
const SEARCH_DEBOUNCE_MS = 250;
/** Read again this often, but only while the workspace stream is down. */
const POLL_WHILE_DOWN_MS = 5_000;

type Summaries = ReadonlyMap<string, PresenceSummaryEvent>;
type ListData = InfiniteData<Page<DocumentSummary>, string | null>;

/** An event applied to every loaded page of the list; whether to read it again is the whole list's call. */
function applyToPages(data: ListData | undefined, event: string, payload: unknown): { data: ListData | undefined; reread: boolean } {
  if (!data) return { data, reread: applyListEvent(undefined, event, payload).reread };
  const { reread } = applyListEvent(data.pages.flatMap((p) => p.items), event, payload);
  const pages = data.pages.map((page) => {
    const items = applyListEvent(page.items, event, payload).list ?? page.items;
    return items === page.items ? page : { ...page, items };
  });
  return { data: pages.every((p, i) => p === data.pages[i]) ? data : { ...data, pages }, reread };
}

/**
 * The workspace stream keeps the list current: what an event carries goes into the cache at
 * once, the rest (titles, new documents) is read again, and so is the whole list whenever the
 * stream says `ready` (caught up: a read then misses nothing). Who has which document open comes
 * with it.
 */
function useLiveList(queryClient: QueryClient): { live: LiveStatus; presence: Summaries } {
  const [presence, setPresence] = useState<Summaries>(() => new Map());
  // A read under way may have started before the event: it is dropped for one that starts now.
  // The key is a prefix: search results are read again too.
  const reread = () => void queryClient.cancelQueries({ queryKey: DOCUMENTS_KEY }).then(() => queryClient.invalidateQueries({ queryKey: DOCUMENTS_KEY }));
  const live = useEventStream(
    eventsPath(),
    WORKSPACE_STREAM_EVENTS,
    (event, data) => {
      if (event === "presence") return setPresence((current) => applyPresenceSummary(current, data));
      let again = false;
      queryClient.setQueryData<ListData>(DOCUMENTS_KEY, (list) => {
        const update = applyToPages(list, event, data);
        again = update.reread;
        return update.data;
      });
      if (again) reread();
    },
    (status) => {
      // Presence is unknown while down (it comes again once the stream is back).
      if (status === "down") setPresence(new Map());
    },
  );
  return { live, presence };
}

const INPUT = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";

export function DocumentList() {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [newTitle, setNewTitle] = useState("");
  const queryClient = useQueryClient();
  const { live, presence } = useLiveList(queryClient);
  const searching = useDebounced(query.trim(), SEARCH_DEBOUNCE_MS);
  const refetchInterval = live === "down" ? POLL_WHILE_DOWN_MS : false;
  const documents = useInfiniteQuery({
    queryKey: DOCUMENTS_KEY,
    queryFn: ({ signal, pageParam }) => api.listPage({ next: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    refetchInterval,
  });
  const results = useInfiniteQuery({
    queryKey: [...DOCUMENTS_KEY, "search", searching],
    queryFn: ({ signal, pageParam }) => api.search(searching, { next: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    enabled: searching !== "",
    // The previous results stay while the next ones load: typing does not blank the list.
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const create = useMutation({
    mutationFn: (title: string) => api.create({ title: title.trim() || "Untitled", content: "" }),
    onSuccess: (created) => router.push(`/documents/${created.doc.id}`),
  });
  const shown = searching ? results : documents;
  const rows: (DocumentSummary | SearchHit)[] = shown.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <main className="mx-auto max-w-6xl px-4 py-8">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Documents</h1>
          <p className="mt-1 text-sm text-slate-600">Edit together. Every save is checked against the version you started from — nothing is overwritten.</p>
        </div>
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(newTitle);
          }}
        >
          <label className="sr-only" htmlFor="new-title">
            New document title
          </label>
          <input
            id="new-title"
            className={`${INPUT} sm:w-56`}
            placeholder="Title of a new document"
            value={newTitle}
            maxLength={TITLE_MAX_LENGTH}
            onChange={(e) => setNewTitle(e.target.value)}
          />
          <button
            type="submit"
            disabled={create.isPending}
            className="shrink-0 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-500 focus:ring-offset-2 disabled:opacity-60"
          >
            New document
          </button>
        </form>
      </div>
      {create.isError && <p role="alert" className="mt-3 text-sm text-rose-700">Could not create the document: {create.error.message}</p>}

      <div className="mt-6">
        <label htmlFor="search" className="sr-only">
          Search
        </label>
        <input
          id="search"
          type="search"
          placeholder="Search titles and text…"
          maxLength={SEARCH_QUERY_MAX_LENGTH}
          className={INPUT}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {live === "down" && <LivePausedNote className="mt-3" />}

      <section aria-label="Documents" className="mt-4 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        {shown.isPending && <p className="p-6 text-sm text-slate-500">Loading…</p>}
        {shown.isError && <p role="alert" className="p-6 text-sm text-rose-700">{searching ? "Could not search" : "Could not load the documents"}: {shown.error.message}</p>}
        {shown.isSuccess && rows.length === 0 && (
          <p className="p-6 text-sm text-slate-500">{searching ? `No document holds “${searching}”.` : "No documents yet. Create the first one above."}</p>
        )}
        <ul className="divide-y divide-slate-100">
          {rows.map((d) => (
            <li key={d.id}>
              <Link href={`/documents/${d.id}`} className="flex items-center justify-between gap-4 px-4 py-3 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none">
                <span className="min-w-0">
                  <span className="block truncate font-medium text-slate-900">{d.title || "Untitled"}</span>
                  <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                    <span>
                      v{d.version} · {d.updatedBy ? `edited by ${d.updatedBy}` : "edited"} <time dateTime={d.updatedAt}>{relativeTime(d.updatedAt)}</time>
                    </span>
                    <SharedTag role={d.role} />
                    <PresenceTag summary={presence.get(d.id)} />
                  </span>
                  {"snippet" in d && d.snippet.text && (
                    <span data-testid="search-snippet" className="mt-1 line-clamp-2 block text-sm text-slate-600">
                      <HighlightedText snippet={d.snippet} />
                    </span>
                  )}
                </span>
                <span aria-hidden className="text-slate-400">
                  →
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <LoadMore pages={shown} />
      </section>
    </main>
  );
}

function PresenceTag({ summary }: { summary: PresenceSummaryEvent | undefined }) {
  const text = presenceSummaryText(summary);
  if (!text) return null;
  const editing = (summary?.editing ?? 0) > 0;
  return (
    <span data-testid="presence-summary" className={`inline-flex shrink-0 items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${editing ? "bg-amber-50 text-amber-900" : "bg-emerald-50 text-emerald-800"}`}>
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${editing ? "bg-amber-500" : "bg-emerald-500"}`} />
      {text}
    </span>
  );
}
