import { api } from "@/features/documents/client/api.ts";
import { resolvingWrite } from "@/features/documents/client/conflict-headers.ts";
import { clearDraft, heartbeat, loadDraft, releaseDrafts, saveDraft, type DraftOwner, type DraftRecord } from "@/features/documents/client/drafts.ts";
import { loadMergeEngine } from "@/features/documents/client/merge-engine.ts";
import { announce, listen } from "@/features/documents/client/tab-channel.ts";
import type { SessionEffect } from "./effects.ts";
import { fetchFailure, messageOf, revisionFailure, writeFailure } from "./error-events.ts";
import type { FetchSource, ResultEvent, SessionEvent } from "./events.ts";
import { transition } from "./machine.ts";
import { initialSessionState, type SessionState } from "./state.ts";

const POLL_MS = 3_000;
const HEARTBEAT_MS = 5_000;
const DRAFT_DEBOUNCE_MS = 200;

export interface SessionHost {
  /** Back to the list: the document was deleted here or its text discarded. */
  leave(): void;
}

/**
 * Runs the session machine against the world: performs its effects (HTTP through
 * @tandem/client, drafts in localStorage, the tab channel, the lazily loaded merge engine)
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
  private background: AbortController | null = null;

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
    const { state, effects } = transition(this.state, event);
    if (state !== this.state) {
      this.state = state;
      for (const listener of this.listeners) listener();
    }
    for (const effect of effects) this.perform(effect);
  };

  /**
   * Loads the document (once) and listens for news while the editor is on screen: polling
   * while the tab is visible, the other tabs' announcements, and the page lifecycle that
   * decides when the draft is written and may be adopted by another tab.
   */
  connect(owner: DraftOwner): () => void {
    this.connected = true;
    this.background = new AbortController();
    if (!this.opened) {
      this.opened = true;
      // The account is fixed for the whole session: a draft typed as one account is kept as
      // that account's, even once the session has ended.
      this.owner = owner;
      this.dispatch({ type: "open", stored: loadDraft(owner, this.id) });
    }
    const visible = () => document.visibilityState === "visible";
    const stopListening = listen((message) => this.dispatch({ type: "tab-message", message }));
    const poll = setInterval(() => visible() && this.dispatch({ type: "poll-due" }), POLL_MS);
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
        return void this.settle(
          resolvingWrite(effect.resolves, () => api.replace(this.id, effect.side, { ifMatch: effect.ifMatch })).then((versioned) => ({ type: "written", versioned })),
          writeFailure,
        );
      case "create":
        return void this.settle(
          api.createWithId(this.id, effect.side).then((versioned) => ({ type: "written", versioned })),
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
        return clearDraft(this.owner, this.id);
      case "broadcast":
        return announce(effect.message);
      case "leave":
        if (this.connected) this.host.leave();
        return;
    }
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
    // One poll at a time: a slow answer is not overtaken by the next tick.
    if (source === "window" && this.polling) return;
    if (source === "window") this.polling = true;
    try {
      await this.settle(
        api.get(this.id, { signal: this.background?.signal }).then((versioned) => ({ type: "fetched", source, versioned })),
        (error) => fetchFailure(source, error),
      );
    } finally {
      if (source === "window") this.polling = false;
    }
  }

  private writeDraft(draft: DraftRecord, debounce: boolean): void {
    this.cancelDraftWrite();
    if (!debounce) return saveDraft(this.owner, draft);
    this.draftTimer = setTimeout(() => {
      this.draftTimer = null;
      saveDraft(this.owner, draft);
    }, DRAFT_DEBOUNCE_MS);
  }

  private cancelDraftWrite(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = null;
  }
}
