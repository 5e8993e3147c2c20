import type { ConflictResolution } from "@/features/documents/client/conflict-headers.ts";
import type { DraftRecord } from "@/features/documents/client/drafts.ts";
import type { Side } from "@/features/documents/client/side.ts";
import type { SavedMessage } from "@/features/documents/client/tab-channel.ts";
import type { FetchSource } from "./events.ts";

/** What the session asks the outside world to do; each request's outcome comes back as an event. */
export type SessionEffect =
  | { type: "fetch"; source: FetchSource }
  | { type: "fetch-revision"; version: number }
  /** Three-way merge in the lazily loaded engine; answered by "merged". */
  | { type: "merge"; base: Side; mine: Side; theirs: Side }
  /**
   * PUT (or, for a large document, PATCH text/x-diff) with If-Match; `resolves`: the 412 this
   * save settles, and how (for the audit trail). `merge`: Prefer: merge — a stale save is merged
   * on the server in the same round trip.
   */
  | { type: "save"; side: Side; summary?: string; ifMatch: string; resolves?: ConflictResolution; merge?: true }
  /** PUT with If-None-Match: * (re-create after a deletion). `summary`: the Summary field's text, if any. */
  | { type: "create"; side: Side; summary?: string }
  | { type: "delete"; ifMatch: string }
  /** `debounce`: typing, written a moment after the last keystroke; otherwise at once. */
  | { type: "persist-draft"; draft: DraftRecord; debounce: boolean }
  | { type: "clear-draft" }
  | { type: "broadcast"; message: Omit<SavedMessage, "from"> }
  /** The session is over for this page (deleted or discarded): go back to the list. */
  | { type: "leave" };
