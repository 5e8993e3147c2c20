"use client";
import { TITLE_MAX_LENGTH } from "@tandem/contract";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { api } from "@/features/documents/client/api.ts";
import { SharedTag } from "@/features/sharing/components/shared-tag.tsx";
import { relativeTime } from "@/lib/relative-time.ts";

const INPUT = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";

export function DocumentList() {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [newTitle, setNewTitle] = useState("");
  const documents = useQuery({ queryKey: ["documents"], queryFn: ({ signal }) => api.list(signal), refetchInterval: 5_000 });
  const create = useMutation({
    mutationFn: (title: string) => api.create({ title: title.trim() || "Untitled", content: "" }),
    onSuccess: (created) => router.push(`/documents/${created.doc.id}`),
  });
  const shown = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    return (documents.data ?? []).filter((d) => !q || d.title.toLocaleLowerCase().includes(q));
  }, [documents.data, query]);

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
          Search by title
        </label>
        <input
          id="search"
          type="search"
          placeholder="Search by title…"
          className={INPUT}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>

      <section aria-label="Documents" className="mt-4 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        {documents.isPending && <p className="p-6 text-sm text-slate-500">Loading…</p>}
        {documents.isError && <p role="alert" className="p-6 text-sm text-rose-700">Could not load the documents: {documents.error.message}</p>}
        {documents.isSuccess && shown.length === 0 && (
          <p className="p-6 text-sm text-slate-500">{query ? `No document title contains “${query}”.` : "No documents yet. Create the first one above."}</p>
        )}
        <ul className="divide-y divide-slate-100">
          {shown.map((d) => (
            <li key={d.id}>
              <Link href={`/documents/${d.id}`} className="flex items-center justify-between gap-4 px-4 py-3 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none">
                <span className="min-w-0">
                  <span className="block truncate font-medium text-slate-900">{d.title || "Untitled"}</span>
                  <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                    <span>
                      v{d.version} · {d.updatedBy ? `edited by ${d.updatedBy}` : "edited"} <time dateTime={d.updatedAt}>{relativeTime(d.updatedAt)}</time>
                    </span>
                    <SharedTag role={d.role} />
                  </span>
                </span>
                <span aria-hidden className="text-slate-400">
                  →
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
