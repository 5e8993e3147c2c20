import { api } from "@/features/documents/client/api.ts";
import { mergedOver, sendSave } from "@/features/documents/client/save-write.ts";
import { clearDraft, heartbeat, loadDraft, releaseDrafts, saveDraft, type DraftOwner, type DraftRecord } from "@/features/documents/client/drafts.ts";
import { loadMergeEngine } from "@/features/documents/client/merge-engine.ts";
import { announce, listen } from "@/features/documents/client/tab-channel.ts";
import { openEventStream } from "@/features/live/client/event-stream.ts";
import { othersOf, sendPresence, shouldSay, type Said } from "@/features/live/client/presence.ts";
import { tabId } from "@/lib/tab-id.ts";
import { DOCUMENT_STREAM_EVENTS, documentEventsPath, PRESENCE_EDITING_IDLE_MS, type PresenceEvent, type PresenceState, type VersionEvent } from "@tandem/contract";
import type { SessionEffect } from "./effects.ts";
import { fetchFailure, messageOf, revisionFailure, writeFailure } from "./error-events.ts";
import type { FetchSource, ResultEvent, SessionEvent } from "./events.ts";
import { transition } from "./machine.ts";
import { presenceAfter } from "./presence.ts";
import { baseNamed, initialSessionState, isDirty, type SessionState } from "./state.ts";

/** The polling tick: it reads only while the document's stream is down (see pollDue). */
const POLL_MS = 3_000;
const HEARTBEAT_MS = 5_000;
const DRAFT_DEBOUNCE_MS = 200;

export interface SessionHost {
  /** Back to the list: the document was deleted here or its text discarded. */
  leave(): void;
}

/**
 * Runs the session machine against the world: performs its effects (HTTP through
 * @tandem/client, drafts in IndexedDB, the tab channel, the lazily loaded merge engine)
 * and feeds their outcomes back as events. React reads the state with useSyncExternalStore.
 */
export class SessionRunner {
  private state: SessionState;
  private readonly listeners = new Set<() => void>();
  private draftTimer: ReturnType<typeof setTimeout> | null = null;
  private opened = false;
  /** Whose drafts these are: set when the session opens. */
  private owner: DraftOwner = null;
  private connected = false;
  private polling = false;
  /** A read was asked for while one was under way: it runs again when that one ends. */
  private pollAgain = false;
  private background: AbortController | null = null;
  /** The document's event stream while it is held open, with the tab id it was opened with. */
  private stream: { close: () => void; tab: string } | null = null;
  /** What this tab last told the server about itself on the current stream (null: nothing yet). */
  private said: Said | null = null;
  /** The stream is back, but its first presence has not arrived: saying anything waits for it. */
  private awaitingPresence = false;
  private typedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly id: string,
    private readonly host: SessionHost,
  ) {
    this.state = initialSessionState(id);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionState => this.state;

  dispatch = (event: SessionEvent): void => {
    const before = this.state;
    const { state, effects } = transition(before, event);
    if (state !== before) {
      this.state = state;
      for (const listener of this.listeners) listener();
    }
    for (const effect of effects) this.perform(effect);
    const intent = presenceAfter(before, state, event);
    if (intent) this.say(intent);
    this.syncStream();
  };

  /**
   * Loads the document (once) and listens for news while the editor is on screen: the
   * document's event stream (once loaded), polling while the tab is visible and the stream is
   * down, the other tabs' announcements, and the page lifecycle that decides when the draft is
   * written and may be adopted by another tab.
   */
  connect(owner: DraftOwner): () => void {
    this.connected = true;
    this.background = new AbortController();
    if (!this.opened) {
      this.opened = true;
      // The account is fixed for the whole session: a draft typed as one account is kept as
      // that account's, even once the session has ended.
      this.owner = owner;
      void loadDraft(owner, this.id).then((stored) => this.dispatch({ type: "open", stored }));
    }
    this.syncStream();
    const visible = () => document.visibilityState === "visible";
    const stopListening = listen((message) => this.dispatch({ type: "tab-message", message }));
    // A tick while a read is under way is that read: asking again would queue a second one that
    // can only repeat the first one's answer.
    const poll = setInterval(() => visible() && !this.polling && this.dispatch({ type: "poll-due" }), POLL_MS);
    // Hidden or closed: the draft is written and the heartbeat dropped, so the next tab to open
    // this document takes the draft over at once; while visible, the heartbeat keeps other tabs
    // from adopting this tab's drafts.
    const hide = () => {
      this.dispatch({ type: "flush-draft" });
      releaseDrafts();
    };
    const onVisibility = () => {
      if (!visible()) return hide();
      heartbeat();
      this.dispatch({ type: "poll-due" });
    };
    heartbeat();
    const alive = setInterval(() => visible() && heartbeat(), HEARTBEAT_MS);
    window.addEventListener("pagehide", hide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      this.dispatch({ type: "flush-draft" });
      this.connected = false;
      this.syncStream();
      this.background?.abort();
      stopListening();
      clearInterval(poll);
      clearInterval(alive);
      window.removeEventListener("pagehide", hide);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }

  private perform(effect: SessionEffect): void {
    switch (effect.type) {
      case "fetch":
        return void this.fetch(effect.source);
      case "fetch-revision":
        return void this.settle(
          api.revision(this.id, effect.version).then((r) => ({ type: "revision-fetched", revision: { title: r.title, content: r.content } })),
          revisionFailure,
        );
      case "merge":
        return void this.settle(
          loadMergeEngine().then((engine) => ({ type: "merged", merge: engine.mergeDocuments(effect.base, effect.mine, effect.theirs) })),
          (error) => ({ type: "merge-failed", message: messageOf(error) }),
        );
      case "save":
        return void this.settle(this.save(effect), writeFailure);
      case "create":
        return void this.settle(
          api.createWithId(this.id, { ...effect.side, summary: effect.summary }).then((versioned) => ({ type: "written", versioned })),
          writeFailure,
        );
      case "delete":
        return void this.settle(
          api.remove(this.id, { ifMatch: effect.ifMatch }).then(() => ({ type: "removed" })),
          writeFailure,
        );
      case "persist-draft":
        return this.writeDraft(effect.draft, effect.debounce);
      case "clear-draft":
        this.cancelDraftWrite();
        return void clearDraft(this.owner, this.id).then((stored) => this.dispatch({ type: "draft-stored", stored }));
      case "broadcast":
        return announce(effect.message);
      case "leave":
        if (this.connected) this.host.leave();
        return;
    }
  }

  /** A save; when the server merged it over newer versions, the newest of them for the notice. */
  private async save(effect: Extract<SessionEffect, { type: "save" }>): Promise<ResultEvent> {
    const answer = await sendSave(this.id, { side: effect.side, summary: effect.summary, ifMatch: effect.ifMatch, base: baseNamed(this.state, effect.ifMatch), merge: effect.merge ?? false, resolves: effect.resolves });
    const versioned = { doc: answer.doc, etag: answer.etag };
    if (!answer.merged) return { type: "written", versioned };
    return { type: "written", versioned, mergedOver: await mergedOver(this.id, answer) };
  }

  private async settle(outcome: Promise<ResultEvent>, onError: (error: unknown) => ResultEvent): Promise<void> {
    let event: ResultEvent;
    try {
      event = await outcome;
    } catch (error) {
      event = onError(error);
    }
    this.dispatch(event);
  }

  private async fetch(source: FetchSource): Promise<void> {
    if (source === "load") {
      return this.settle(
        api.get(this.id).then((versioned) => ({ type: "fetched", source, versioned })),
        (error) => fetchFailure(source, error),
      );
    }
    // One read at a time: a slow answer is not overtaken by the next one, and a read asked for
    // meanwhile (a newer pushed change) runs once this one has ended.
    if (source === "window" && this.polling) {
      this.pollAgain = true;
      return;
    }
    if (source === "window") this.polling = true;
    try {
      await this.settle(
        api.get(this.id, { signal: this.background?.signal }).then((versioned) => ({ type: "fetched", source, versioned })),
        (error) => fetchFailure(source, error),
      );
    } finally {
      if (source === "window") this.polling = false;
    }
    if (source === "window" && this.pollAgain) {
      this.pollAgain = false;
      if (this.connected) await this.fetch("window");
    }
  }

  /**
   * The document's stream is held open while the editor is on screen with a document to hear
   * about (shown, or deleted with the user's text still there) and someone signed in.
   */
  private syncStream(): void {
    const { phase, signedOut } = this.state;
    const wanted = this.connected && (phase === "ready" || phase === "deleted") && !signedOut;
    if (wanted && !this.stream) this.openStream();
    else if (!wanted && this.stream) {
      this.stream.close();
      this.stream = null;
    }
  }

  private openStream(): void {
    // The tab id, made unique per stream: a remount's or a reconnect's old stream ending late on
    // the server never takes this one's presence with it.
    const tab = `${tabId().replace(/[^A-Za-z0-9_-]/g, "").slice(0, 48)}_${Math.random().toString(36).slice(2, 10)}`;
    const url = `${documentEventsPath(this.id)}?tab=${encodeURIComponent(tab)}`;
    const close = openEventStream(url, DOCUMENT_STREAM_EVENTS, {
      onStatus: (status) => {
        if (status === "up") {
          // A (re)opened stream is a new tab to the server: `viewing` until it says otherwise.
          this.said = null;
          this.awaitingPresence = true;
        }
        this.dispatch({ type: status === "up" ? "stream-up" : "stream-down" });
      },
      onEvent: (event, data) => this.onStreamEvent(event, data),
    });
    this.stream = { close, tab };
  }

  private onStreamEvent(event: string, data: unknown): void {
    if (!data || typeof data !== "object") return;
    switch (event) {
      case "version":
      case "deleted":
      case "recreated": {
        const { version } = data as Partial<VersionEvent>;
        if (typeof version === "number") this.dispatch({ type: "stream-change", version });
        return;
      }
      case "reset":
        return this.dispatch({ type: "stream-reset" });
      case "presence": {
        const { users } = data as Partial<PresenceEvent>;
        if (!Array.isArray(users)) return;
        this.dispatch({ type: "presence", others: othersOf(users, this.owner) });
        if (this.awaitingPresence) {
          // The server knows this stream's tab now: if the user was typing, say so again.
          this.awaitingPresence = false;
          if (isDirty(this.state) && Date.now() - this.typedAt < PRESENCE_EDITING_IDLE_MS) this.say("editing");
        }
        return;
      }
    }
  }

  /** Tells the server what this tab is doing (throttled while typing; see shouldSay). */
  private say(state: PresenceState): void {
    const now = Date.now();
    if (state === "editing") this.typedAt = now;
    const stream = this.stream;
    if (!stream || this.state.live !== "up" || this.awaitingPresence) return;
    if (!shouldSay(this.said ?? { state: "viewing", at: Number.NEGATIVE_INFINITY }, state, now)) return;
    this.said = { state, at: now };
    void sendPresence(this.id, { tab: stream.tab, state });
  }

  private writeDraft(draft: DraftRecord, debounce: boolean): void {
    this.cancelDraftWrite();
    const write = () => void saveDraft(this.owner, draft).then((stored) => this.dispatch({ type: "draft-stored", stored }));
    if (!debounce) return write();
    this.draftTimer = setTimeout(() => {
      this.draftTimer = null;
      write();
    }, DRAFT_DEBOUNCE_MS);
  }

  private cancelDraftWrite(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = null;
  }
}
