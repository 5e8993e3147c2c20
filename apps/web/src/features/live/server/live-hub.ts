// The process's live updates: every open event stream, fed by the database's change feed
// (PostgreSQL LISTEN/NOTIFY across instances, in-process on SQLite), with presence. Decisions
// that are hard to get right are pure functions elsewhere (presence-state.ts, stream-events.ts);
// this runner holds the connections, the timers and the order of events per stream.
import { randomUUID } from "node:crypto";
import { PRESENCE_REFRESH_MS, REPLAY_LIMIT, STREAM_HEARTBEAT_MS, STREAM_RETRY_MS, type PresenceState } from "@tandem/contract";
import type { Database, DocumentChange, FeedMessage, MembershipChange } from "@tandem/db";
import { env } from "../../../platform/env.ts";
import { logger } from "../../../platform/observability/logger.ts";
import { eventsSent, replayMisses, setLiveMetricSources } from "../../../platform/observability/live-metrics.ts";
import type { StreamSink } from "../../../platform/http/api-request.ts";
import { emptyPresence, localTabs, reducePresence, usersOf, type PresenceBook, type PresenceInput, type TabPresence } from "./presence-state.ts";
import { sseComment, sseEvent, sseRetry } from "./sse.ts";
import { documentStreamEvent, presenceSummary, workspaceStreamEvent } from "./stream-events.ts";

interface Stream {
  userId: string;
  sink: StreamSink;
  /** Whether the credentials the stream was opened with still allow it (signed out, revoked, removed → no). */
  stillAllowed: () => Promise<boolean>;
  /** The last revision id delivered: everything after it is still owed. */
  last: number;
  /** Messages that arrived while the stream was (re)reading the database, in order. */
  pending: DocumentChange[] | null;
  /** The feed announced a gap while the stream was reading: read again once that read is done. */
  reread: boolean;
}

interface DocumentStream extends Stream {
  kind: "document";
  documentId: string;
  tab: string | null;
}

interface WorkspaceStream extends Stream {
  kind: "workspace";
  /** The documents the user is a member of, kept current by membership messages. */
  documents: Set<string>;
  /**
   * The last version delivered per document. Revision ids come from one sequence, taken before
   * commit: writes to two documents can commit in the opposite order of their ids, so "after
   * the last id" would drop the one that commits second. A document's own versions are
   * serialised by its row, so per document the order holds.
   */
  versions: Map<string, number>;
  /** Membership messages that arrived while the stream read its documents, in order. */
  memberships: MembershipChange[] | null;
}

/**
 * A workspace stream resuming from an event id also re-reads changes with lower ids stamped
 * shortly before it: writes that took a lower id but committed after that event. Such a write
 * was in flight then — at most the instances' pools' worth, each bounded by the statement
 * timeout — so this many ids and this much time cover them. A change the client had may come
 * again: harmless to a list that applies a document's newest version.
 */
const WORKSPACE_LOOKBACK = 1_000;
const WORKSPACE_LOOKBACK_MS = 30_000;

/** What instances tell each other on the presence channel. */
type PresenceMessage =
  | { kind: "report"; instance: string; tabs: (TabPresence & { tab: string })[]; at: number }
  /** A tab's state, sent to whichever instance holds its stream. */
  | { kind: "set"; userId: string; documentId: string; tab: string; state: PresenceState };

export class LiveHub {
  readonly instance = randomUUID();
  private readonly byDocument = new Map<string, Set<DocumentStream>>();
  private readonly workspaces = new Set<WorkspaceStream>();
  private presence: PresenceBook = emptyPresence();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly perUser = new Map<string, number>();
  private unsubscribe: (() => void) | null = null;
  private closing = false;
  /** Changes waiting for this turn's fan-out: the response that caused them goes out first. */
  private queued: DocumentChange[] = [];

  constructor(private readonly db: Database) {}

  /** Subscribes to the feed and starts the timers; idempotent. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.db.feed.subscribe((message) => this.onMessage(message));
    setLiveMetricSources({ streams: () => this.streamCount(), reconnects: () => this.db.feed.reconnects() });
    this.timers.push(
      setInterval(() => this.broadcast(sseComment("heartbeat")), STREAM_HEARTBEAT_MS).unref(),
      setInterval(() => void this.reportPresence(), PRESENCE_REFRESH_MS).unref(),
      setInterval(() => this.applyPresence({ type: "tick", at: Date.now() }), 1_000).unref(),
      setInterval(() => void this.revalidate(), env().TANDEM_STREAM_RECHECK_MS).unref(),
    );
  }

  streamCount(): number {
    let n = this.workspaces.size;
    for (const streams of this.byDocument.values()) n += streams.size;
    return n;
  }

  streamsOf(userId: string): number {
    return this.perUser.get(userId) ?? 0;
  }

  /**
   * A document's stream for a caller already allowed to read it. Without `lastEventId` it
   * starts with the current version (so a client knows at once whether its copy is current);
   * with one it replays every change since, or says `reset` when that is too much.
   */
  async openDocument(input: { userId: string; name: string; documentId: string; lastEventId: number | null; tab: string | null; sink: StreamSink; stillAllowed: () => Promise<boolean> }): Promise<void> {
    const stream: DocumentStream = { kind: "document", userId: input.userId, sink: input.sink, stillAllowed: input.stillAllowed, documentId: input.documentId, tab: input.tab, last: 0, pending: [], reread: false };
    this.add(stream);
    input.sink.write(sseRetry(STREAM_RETRY_MS));
    // Removed between the route's check and this registration: no message will come for it.
    if ((await this.db.members.roleOf(input.documentId, input.userId)) === null) return input.sink.end();
    if (input.lastEventId === null) {
      const latest = await this.latestOf(input.documentId);
      if (latest) this.send(stream, documentStreamEvent(latest));
      stream.last = latest?.revisionId ?? 0;
    } else {
      stream.last = input.lastEventId;
      await this.replay(stream);
    }
    this.flushPending(stream);
    this.send(stream, { event: "presence", data: { documentId: input.documentId, users: usersOf(this.presence, input.documentId) } });
    if (input.tab) this.applyPresence({ type: "open", instance: this.instance, tab: input.tab, documentId: input.documentId, userId: input.userId, name: input.name, at: Date.now() });
  }

  /** The caller's workspace: changes to every document they are a member of, and shares. */
  async openWorkspace(input: { userId: string; lastEventId: number | null; sink: StreamSink; stillAllowed: () => Promise<boolean> }): Promise<void> {
    const stream: WorkspaceStream = { kind: "workspace", userId: input.userId, sink: input.sink, stillAllowed: input.stillAllowed, documents: new Set(), versions: new Map(), memberships: [], last: 0, pending: [], reread: false };
    this.add(stream);
    input.sink.write(sseRetry(STREAM_RETRY_MS));
    for (const id of await this.db.members.documentsOf(input.userId)) stream.documents.add(id);
    // Shares and removals that raced the read above win over it.
    for (const change of stream.memberships ?? []) this.applyMembership(stream, change, false);
    stream.memberships = null;
    if (input.lastEventId === null) stream.last = await this.db.documents.lastRevisionId();
    else {
      stream.last = input.lastEventId;
      await this.replay(stream);
    }
    this.flushPending(stream);
    // From here on nothing is missed: a client reads its list now (subscribe, then read).
    this.send(stream, { event: "ready", data: { lastEventId: stream.last }, id: stream.last });
    for (const documentId of stream.documents) {
      const summary = presenceSummary(usersOf(this.presence, documentId), documentId, stream.userId);
      if (summary.editing + summary.viewing > 0) this.send(stream, { event: "presence", data: summary });
    }
  }

  /**
   * A tab says it is typing (`editing`) or has saved (`viewing`). Its stream may be held by any
   * instance, so the word goes out on the feed and the holder applies it.
   */
  async setPresence(userId: string, documentId: string, tab: string, state: PresenceState): Promise<void> {
    const message: PresenceMessage = { kind: "set", userId, documentId, tab, state };
    await this.db.feed.publishPresence(message);
  }

  private applySet(message: Extract<PresenceMessage, { kind: "set" }>): void {
    const own = [...(this.byDocument.get(message.documentId) ?? [])].some((s) => s.tab === message.tab && s.userId === message.userId);
    if (own) this.applyPresence({ type: "set", instance: this.instance, tab: message.tab, state: message.state, at: Date.now() });
  }

  /**
   * A stream outlives nothing its credentials no longer allow: a session that was signed out
   * or expired, a revoked token. Checked for every stream every TANDEM_STREAM_RECHECK_MS (a member
   * removed from a document is ended at once by the membership message).
   */
  private async revalidate(): Promise<void> {
    const streams = [...this.all()];
    for (let i = 0; i < streams.length; i += 50) {
      await Promise.all(
        streams.slice(i, i + 50).map(async (stream) => {
          if (!(await stream.stillAllowed().catch(() => true))) stream.sink.end();
        }),
      );
    }
  }

  /** Graceful shutdown: every stream gets a reconnect hint and ends (its client reconnects elsewhere). */
  closeAll(): void {
    this.closing = true;
    for (const timer of this.timers) clearInterval(timer);
    this.unsubscribe?.();
    for (const stream of this.all()) {
      stream.sink.write(sseRetry(STREAM_RETRY_MS));
      stream.sink.end();
    }
  }

  private async latestOf(documentId: string): Promise<DocumentChange | undefined> {
    const last = await this.db.documents.lastChangeOf(documentId);
    return last ?? undefined;
  }

  private add(stream: DocumentStream | WorkspaceStream): void {
    this.perUser.set(stream.userId, this.streamsOf(stream.userId) + 1);
    if (stream.kind === "document") {
      let set = this.byDocument.get(stream.documentId);
      if (!set) this.byDocument.set(stream.documentId, (set = new Set()));
      set.add(stream);
    } else this.workspaces.add(stream);
    stream.sink.onClose(() => this.remove(stream));
  }

  private remove(stream: DocumentStream | WorkspaceStream): void {
    const left = this.streamsOf(stream.userId) - 1;
    if (left > 0) this.perUser.set(stream.userId, left);
    else this.perUser.delete(stream.userId);
    if (stream.kind === "workspace") return void this.workspaces.delete(stream);
    const set = this.byDocument.get(stream.documentId);
    set?.delete(stream);
    if (set?.size === 0) this.byDocument.delete(stream.documentId);
    if (stream.tab && !this.closing) this.applyPresence({ type: "close", instance: this.instance, tab: stream.tab });
  }

  private *all(): Iterable<DocumentStream | WorkspaceStream> {
    yield* this.workspaces;
    for (const streams of this.byDocument.values()) yield* streams;
  }

  private broadcast(text: string): void {
    for (const stream of this.all()) stream.sink.write(text);
  }

  private send(stream: Stream, event: { event: string; data: unknown; id?: number }): void {
    if (stream.sink.write(sseEvent(event.event, event.data, event.id))) eventsSent.inc({ event: event.event });
  }

  /** Re-reads what the stream is owed from the database (a reconnect, or a gap in the feed). */
  private async replay(stream: DocumentStream | WorkspaceStream): Promise<void> {
    stream.pending ??= [];
    const changes = stream.kind === "document" ? await this.db.documents.changesAfter(stream.documentId, stream.last, REPLAY_LIMIT + 1) : await this.workspaceChanges(stream);
    const missed = stream.kind === "document" ? changes.length : changes.filter((c) => c.revisionId > stream.last).length;
    if (missed > REPLAY_LIMIT) {
      replayMisses.inc();
      const latest = stream.kind === "document" ? await this.latestOf(stream.documentId) : undefined;
      stream.last = stream.kind === "document" ? (latest?.revisionId ?? stream.last) : await this.db.documents.lastRevisionId();
      this.send(stream, { event: "reset", data: { reason: "too many changes to replay: read again" }, id: stream.last });
      return;
    }
    for (const change of changes) this.deliver(stream, change);
  }

  /** What a workspace stream is owed after `last`, and the late commits just before it. */
  private async workspaceChanges(stream: WorkspaceStream): Promise<DocumentChange[]> {
    const since = await this.db.documents.revisionTime(stream.last);
    const changes = await this.db.documents.changesForMemberAfter(stream.userId, Math.max(0, stream.last - WORKSPACE_LOOKBACK), REPLAY_LIMIT + WORKSPACE_LOOKBACK + 1);
    const from = since ? since.getTime() - WORKSPACE_LOOKBACK_MS : Infinity;
    return changes.filter((c) => c.revisionId > stream.last || c.updatedAt.getTime() >= from);
  }

  private flushPending(stream: Stream & (DocumentStream | WorkspaceStream)): void {
    const pending = stream.pending ?? [];
    stream.pending = null;
    for (const change of pending) this.deliver(stream, change);
    // A read that started before the gap may have missed what the feed lost.
    if (stream.reread) {
      stream.reread = false;
      void this.catchUp(stream);
    }
  }

  /**
   * One change to one stream, once, in revision order. `shared` holds the change's event texts,
   * made once per change however many streams it goes to (a fan-out to a thousand streams would
   * otherwise serialise the same JSON a thousand times).
   */
  private deliver(stream: DocumentStream | WorkspaceStream, change: DocumentChange, shared?: Rendered): void {
    if (stream.kind === "document") {
      if (change.revisionId <= stream.last || change.documentId !== stream.documentId) return;
    } else {
      // Whoever creates a document is its owner (the same statement makes them a member; no
      // membership message is sent for it).
      if (change.kind === "create" && change.updatedById === stream.userId) stream.documents.add(change.documentId);
      if (!stream.documents.has(change.documentId) || change.version <= (stream.versions.get(change.documentId) ?? 0)) return;
      stream.versions.set(change.documentId, change.version);
    }
    const rendered = shared ?? new Rendered(change);
    const { event, text } = stream.kind === "document" ? rendered.document() : rendered.workspace();
    if (stream.sink.write(text)) rendered.count(event);
    if (!shared) rendered.flushCounts();
    stream.last = Math.max(stream.last, change.revisionId);
  }

  private onMessage(message: FeedMessage): void {
    if (this.closing) return;
    switch (message.type) {
      case "document":
        if (this.queued.push(message.change) === 1) setImmediate(() => this.fanOut());
        break;
      case "membership": {
        const { documentId, userId, role } = message.change;
        // Removed: the member's streams of that document end at once; their list forgets it.
        if (role === null) for (const stream of [...(this.byDocument.get(documentId) ?? [])]) if (stream.userId === userId) stream.sink.end();
        for (const stream of this.workspaces) {
          if (stream.userId !== userId) continue;
          if (stream.memberships) stream.memberships.push(message.change);
          else this.applyMembership(stream, message.change, true);
        }
        break;
      }
      case "presence": {
        const payload = message.payload as PresenceMessage | null;
        if (payload?.kind === "set") return this.applySet(payload);
        if (payload?.kind !== "report" || payload.instance === this.instance || !Array.isArray(payload.tabs)) return;
        this.applyPresence({ type: "report", instance: payload.instance, tabs: payload.tabs, at: Date.now() });
        break;
      }
      case "gap":
        for (const stream of this.all()) void this.catchUp(stream);
        break;
    }
  }

  /** This turn's changes, in the order they were committed, to every stream that follows them. */
  private fanOut(): void {
    const changes = this.queued;
    this.queued = [];
    for (const change of changes) {
      const rendered = new Rendered(change);
      for (const stream of this.byDocument.get(change.documentId) ?? []) this.route(stream, change, rendered);
      for (const stream of this.workspaces) this.route(stream, change, rendered);
      rendered.flushCounts();
    }
  }

  private applyMembership(stream: WorkspaceStream, { documentId, role }: MembershipChange, announce: boolean): void {
    if (role === null) stream.documents.delete(documentId);
    else stream.documents.add(documentId);
    if (announce) this.send(stream, { event: role === null ? "unshared" : "shared", data: { documentId, role } });
  }

  private route(stream: DocumentStream | WorkspaceStream, change: DocumentChange, rendered: Rendered): void {
    if (stream.pending) stream.pending.push(change);
    else this.deliver(stream, change, rendered);
  }

  private async catchUp(stream: DocumentStream | WorkspaceStream): Promise<void> {
    if (stream.pending) return void (stream.reread = true); // reading: once more when done
    try {
      await this.replay(stream);
    } catch (error) {
      logger().warn({ err: error }, "could not re-read a stream's missed changes; it will reset");
      stream.sink.end();
      return;
    }
    this.flushPending(stream);
  }

  private applyPresence(input: PresenceInput): void {
    const { book, changed } = reducePresence(this.presence, input);
    this.presence = book;
    if (changed.size === 0) return;
    for (const documentId of changed) {
      const users = usersOf(book, documentId);
      for (const stream of this.byDocument.get(documentId) ?? []) this.send(stream, { event: "presence", data: { documentId, users } });
      for (const stream of this.workspaces) if (stream.documents.has(documentId)) this.send(stream, { event: "presence", data: presenceSummary(users, documentId, stream.userId) });
    }
    // Local changes reach the other instances at once, not at the next refresh.
    if (input.type === "open" || input.type === "set" || input.type === "close") void this.reportPresence();
  }

  private async reportPresence(): Promise<void> {
    const report: PresenceMessage = { kind: "report", instance: this.instance, tabs: localTabs(this.presence, this.instance), at: Date.now() };
    await this.db.feed.publishPresence(report).catch((error: unknown) => logger().warn({ err: error }, "could not announce presence"));
  }
}

/** A change's event texts, rendered on first use, and how many streams got each. */
class Rendered {
  private documentText: { event: string; text: string } | null = null;
  private workspaceText: { event: string; text: string } | null = null;
  private readonly sent = new Map<string, number>();

  constructor(private readonly change: DocumentChange) {}

  document() {
    if (!this.documentText) {
      const e = documentStreamEvent(this.change);
      this.documentText = { event: e.event, text: sseEvent(e.event, e.data, e.id) };
    }
    return this.documentText;
  }

  workspace() {
    if (!this.workspaceText) {
      const e = workspaceStreamEvent(this.change);
      this.workspaceText = { event: e.event, text: sseEvent(e.event, e.data, e.id) };
    }
    return this.workspaceText;
  }

  count(event: string): void {
    this.sent.set(event, (this.sent.get(event) ?? 0) + 1);
  }

  /** Counted once per fan-out, not once per stream. */
  flushCounts(): void {
    for (const [event, n] of this.sent) eventsSent.inc({ event }, n);
    this.sent.clear();
  }
}
