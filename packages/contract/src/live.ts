// Live updates: the event streams (Server-Sent Events) and presence, as both ends see them.
import type { RevisionKind } from "./document.ts";
import type { Role } from "./access.ts";

export const EVENT_STREAM_MEDIA_TYPE = "text/event-stream";
/** Sent by a reconnecting EventSource: the id of the last event it received. */
export const LAST_EVENT_ID_HEADER = "Last-Event-ID";
/** A comment line at least this often keeps proxies and the client's liveness check happy. */
export const STREAM_HEARTBEAT_MS = 15_000;
/** The `retry:` hint: how long a client waits before reconnecting. */
export const STREAM_RETRY_MS = 2_000;
/** At most this many missed events are replayed; more → a `reset` event (re-read instead). */
export const REPLAY_LIMIT = 500;
/** Open streams per user per instance: a bound on what one account can hold open. */
export const MAX_STREAMS_PER_USER = 32;

export const PRESENCE_STATES = ["viewing", "editing"] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];
/** Typing makes a tab "editing" until it saves or is idle this long. */
export const PRESENCE_EDITING_IDLE_MS = 60_000;
/** A presence another instance reported and did not refresh is gone after this long. */
export const PRESENCE_TTL_MS = 30_000;
/** How often an instance re-announces the presence it holds (well inside the TTL). */
export const PRESENCE_REFRESH_MS = 10_000;
/** Identifies one tab's presence (`?tab=` on the stream, `tab` in the PUT): [A-Za-z0-9_-]{8,64}. */
export const TAB_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** `version`, `deleted` and `recreated` events of a document stream. */
export interface VersionEvent {
  documentId: string;
  version: number;
  /** The ETag header value, quotes included (what If-Match takes). */
  etag: string;
  kind: RevisionKind;
  updatedBy: string | null;
  updatedById: string | null;
  updatedAt: string;
  /** The change's edit summary (null: none; always null for a delete). */
  summary: string | null;
}

export interface PresenceUser {
  id: string;
  name: string;
  state: PresenceState;
  /** When this user entered this state (ISO time). */
  since: string;
}

/** `presence` events: everyone who has the document open, the receiver included. */
export interface PresenceEvent {
  documentId: string;
  users: PresenceUser[];
}

/** The workspace stream's events about documents. */
export interface WorkspaceDocumentEvent {
  documentId: string;
  version: number;
  updatedBy: string | null;
  updatedAt: string;
}

/** `shared` (a role given or changed) and `unshared` (removed) — about the receiver. */
export interface MembershipEvent {
  documentId: string;
  role: Role | null;
}

/** The workspace stream's `presence` events: how many people have a document open. */
export interface PresenceSummaryEvent {
  documentId: string;
  editing: number;
  viewing: number;
}

export const DOCUMENT_STREAM_EVENTS = ["version", "deleted", "recreated", "presence", "reset"] as const;
/**
 * `ready` comes once the stream is registered and caught up: from then on nothing is missed, so
 * that is when a client reads its list (subscribe, then read). After a reconnect a change may
 * come again: apply a document's newest version.
 */
export const WORKSPACE_STREAM_EVENTS = ["ready", "created", "changed", "deleted", "shared", "unshared", "presence", "reset"] as const;

/** `PUT /api/documents/:id/presence` */
export interface PresenceInput {
  tab: string;
  state: PresenceState;
}
