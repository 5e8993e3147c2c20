import type { DeletedInfo, Versioned } from "@tandem/client";
import type { PresenceUser } from "@tandem/contract";
import type { Resolution } from "@tandem/conflict";
import type { DraftRecord } from "@/features/documents/client/drafts.ts";
import type { DocumentMerge } from "@/features/documents/client/merge-documents.ts";
import type { Side } from "@/features/documents/client/side.ts";
import type { TabMessage } from "@/features/documents/client/tab-channel.ts";

/**
 * Where a read of the document was asked for: the first load, another browser's news (pushed by
 * the document's stream, or polled while it is down), or another tab's news.
 */
export type FetchSource = "load" | "window" | "tab";

/** What the user did. */
export type UserEvent =
  | { type: "edit"; patch: Partial<Side> }
  /** The Summary field next to Save. */
  | { type: "edit-summary"; summary: string }
  | { type: "save" }
  | { type: "merge-now" }
  | { type: "open-dialog" }
  | { type: "close-dialog" }
  | { type: "choose"; field: "title" | "content"; conflictId: string; resolution: Resolution }
  | { type: "save-merged"; resolved: Side }
  | { type: "restore"; revision: Side }
  | { type: "delete"; ifMatch: string | null }
  | { type: "cancel-delete" }
  | { type: "recreate" }
  | { type: "discard" }
  | { type: "dismiss-notice" };

/** What the page and the other tabs told the session. */
export type WorldEvent =
  /** The session starts, with this tab's (or an orphaned) unsaved draft of the document. */
  | { type: "open"; stored: DraftRecord | null }
  /** The polling tick: reads only while the stream is down, or when a pushed change is still unread. */
  | { type: "poll-due" }
  | { type: "tab-message"; message: TabMessage }
  /** The document's event stream connected (or reconnected). */
  | { type: "stream-up" }
  /** The stream dropped; it is reconnecting. */
  | { type: "stream-down" }
  /** The stream announced a change (`version`, `deleted` or `recreated`) that made `version`. */
  | { type: "stream-change"; version: number }
  /** The stream cannot replay what was missed: read the document again. */
  | { type: "stream-reset" }
  /** The stream's presence, this account left out. */
  | { type: "presence"; others: PresenceUser[] }
  /** The tab is hidden or closed, or the editor unmounts: the draft must be on disk now. */
  | { type: "flush-draft" }
  /** A draft write (or removal) ended: `stored` false means this device holds no copy of the text. */
  | { type: "draft-stored"; stored: boolean };

/** The outcome of an effect the runner performed. */
export type ResultEvent =
  | { type: "fetched"; source: FetchSource; versioned: Versioned }
  | { type: "fetch-gone"; source: FetchSource; deleted: DeletedInfo | null }
  | { type: "fetch-missing"; source: FetchSource }
  | { type: "fetch-failed"; source: FetchSource; message: string }
  /** 401: the read needs a session and there is none any more. */
  | { type: "fetch-unauthorized"; source: FetchSource }
  | { type: "revision-fetched"; revision: Side }
  | { type: "revision-failed" }
  | { type: "merged"; merge: DocumentMerge }
  | { type: "merge-failed"; message: string }
  /**
   * A write (PUT, PATCH or create) succeeded. `mergedOver`: the server merged it over newer
   * versions (Prefer: merge); the newest of them, or null if it could not be read.
   */
  | { type: "written"; versioned: Versioned; mergedOver?: Pick<Versioned, "doc"> | null }
  | { type: "removed" }
  /** 412 with the server's current state: someone wrote first. `refusalId`: its audit event (Tandem-Conflict). */
  | { type: "refused"; current: Versioned; refusalId?: string }
  /** The document is deleted (412 without a current state, 404, 410). */
  | { type: "gone"; deleted: DeletedInfo | null }
  | { type: "failed"; message: string }
  /** 401 to a write or a revision read: the session ended. */
  | { type: "unauthorized" };

export type SessionEvent = UserEvent | WorldEvent | ResultEvent;

/** The outcome of a read of the document. */
export type FetchResult = Extract<ResultEvent, { source: FetchSource }>;
