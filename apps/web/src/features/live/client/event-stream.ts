// One server-sent event stream as the browser holds it. The native EventSource reconnects by
// itself (sending Last-Event-ID, so the server replays what was missed) for as long as it can;
// when it gives up — the server answered with an error status, e.g. 401, 404, 429 or 503 — a new
// one is opened after a backoff, resuming with `?lastEventId=`. The caller hears "up" and "down"
// (and nothing twice in a row), and each named event with its JSON data parsed.
import { STREAM_RETRY_MS } from "@tandem/contract";

export type StreamStatus = "up" | "down";

export interface StreamHandlers {
  onStatus(status: StreamStatus): void;
  /** A named event; data that is not JSON is dropped. */
  onEvent(event: string, data: unknown): void;
}

/** What this module uses of EventSource: a test gives a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface StreamOptions {
  createSource?: (url: string) => EventSourceLike;
  /** How long to wait before the `attempt`-th own reconnect (0-based). */
  delay?: (attempt: number) => number;
}

/** EventSource.CLOSED: the browser stopped reconnecting. */
const CLOSED = 2;
const MAX_RECONNECT_MS = 30_000;

/** Full-jitter exponential backoff from the server's retry hint up to 30 s. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RECONNECT_MS, STREAM_RETRY_MS * 2 ** Math.min(attempt, 10));
  return Math.round(STREAM_RETRY_MS / 2 + random() * (ceiling - STREAM_RETRY_MS / 2));
}

/** `url` with `lastEventId` set (or left out when nothing was received yet). */
export function resumeUrl(url: string, lastEventId: string): string {
  if (!lastEventId) return url;
  const [path, query = ""] = url.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set("lastEventId", lastEventId);
  return `${path}?${params.toString()}`;
}

/** An event's data as JSON, or undefined. */
export function parseEventData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function defaultSource(url: string): EventSourceLike {
  return new EventSource(url) as unknown as EventSourceLike;
}

/**
 * Opens the stream at `url` for the named `events`; returns the function that closes it for
 * good. Without EventSource (a very old browser) the stream is simply down: callers poll.
 */
export function openEventStream(url: string, events: readonly string[], handlers: StreamHandlers, options: StreamOptions = {}): () => void {
  const create = options.createSource ?? (typeof EventSource === "undefined" ? null : defaultSource);
  const delay = options.delay ?? reconnectDelay;
  let status: StreamStatus | null = null;
  let source: EventSourceLike | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastEventId = "";
  let attempt = 0;
  let closed = false;

  const report = (next: StreamStatus) => {
    if (closed || next === status) return;
    status = next;
    handlers.onStatus(next);
  };

  const connect = () => {
    timer = null;
    if (closed || !create) return;
    const current = create(resumeUrl(url, lastEventId));
    source = current;
    current.onopen = () => {
      attempt = 0;
      report("up");
    };
    current.onerror = () => {
      if (source !== current) return;
      report("down");
      if (current.readyState !== CLOSED) return; // the browser is reconnecting by itself
      current.close();
      source = null;
      timer = setTimeout(connect, delay(attempt++));
    };
    for (const name of events) {
      current.addEventListener(name, (event) => {
        if (closed || source !== current) return;
        if (event.lastEventId) lastEventId = event.lastEventId;
        const data = parseEventData(event.data);
        if (data !== undefined) handlers.onEvent(name, data);
      });
    }
  };

  if (create) connect();
  else queueMicrotask(() => report("down"));
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    source?.close();
    source = null;
  };
}
