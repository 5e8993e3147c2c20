import type { DocumentSummary, PresenceSummaryEvent } from "@tandem/contract";

// The workspace stream's events, applied to what the document list holds: pure, tested with
// literal tables. What an event carries is applied at once; what it does not (a new title, a
// document not listed yet) is read again.

export interface ListUpdate {
  /** The list to show now (the same array when nothing changed). */
  list: DocumentSummary[] | undefined;
  /** The list has to be read again (titles and new documents are not in the events). */
  reread: boolean;
}

interface ChangeData {
  documentId: string;
  version?: number;
  updatedBy?: string | null;
  updatedAt?: string;
}

function isChange(data: unknown): data is ChangeData {
  return !!data && typeof data === "object" && typeof (data as ChangeData).documentId === "string";
}

export function applyListEvent(list: DocumentSummary[] | undefined, event: string, data: unknown): ListUpdate {
  // `ready`: the stream is registered and caught up, so a read now misses nothing (subscribe,
  // then read) — on opening and after every reconnect. `reset`: too much was missed to replay.
  if (event === "ready" || event === "reset") return { list, reread: true };
  if (!isChange(data)) return { list, reread: false };
  const { documentId } = data;
  const listed = list?.some((d) => d.id === documentId) ?? false;
  switch (event) {
    case "deleted": {
      // After a reconnect a change may come again: a deletion older than the listed version
      // (the document was re-created since) changes nothing.
      const version = typeof data.version === "number" ? data.version : Number.POSITIVE_INFINITY;
      const next = list?.filter((d) => d.id !== documentId || d.version >= version);
      return listed && next!.length !== list!.length ? { list: next, reread: false } : { list, reread: false };
    }
    case "unshared":
      return listed ? { list: list!.filter((d) => d.id !== documentId), reread: false } : { list, reread: false };
    case "changed": {
      if (!listed || typeof data.version !== "number") return { list, reread: true };
      // Version, author and time are in the event; the title may have changed too.
      const version = data.version;
      const next = list!.map((d) =>
        d.id === documentId && d.version < version
          ? { ...d, version, updatedBy: data.updatedBy ?? d.updatedBy, updatedAt: data.updatedAt ?? d.updatedAt }
          : d,
      );
      return { list: next, reread: true };
    }
    case "created":
    case "shared":
      return { list, reread: true };
    default:
      return { list, reread: false };
  }
}

/** Who has which document open, as the list shows it; documents nobody has open are left out. */
export function applyPresenceSummary(summaries: ReadonlyMap<string, PresenceSummaryEvent>, data: unknown): ReadonlyMap<string, PresenceSummaryEvent> {
  if (!isChange(data)) return summaries;
  const { editing, viewing } = data as Partial<PresenceSummaryEvent>;
  if (typeof editing !== "number" || typeof viewing !== "number") return summaries;
  const next = new Map(summaries);
  if (editing + viewing > 0) next.set(data.documentId, { documentId: data.documentId, editing, viewing });
  else next.delete(data.documentId);
  return next;
}
