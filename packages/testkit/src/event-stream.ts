// An EventSource for tests: reads a text/event-stream over fetch (so it can send headers such
// as Authorization and Last-Event-ID), parses it per the SSE grammar, and lets a test wait for
// the event it expects.

export interface ReceivedEvent {
  event: string;
  data: unknown;
  id: string | null;
}

export interface TestEventStream {
  status: number;
  headers: Headers;
  /** Every event so far, in order (comments are counted in `comments`). */
  events: ReceivedEvent[];
  comments: number;
  /** The `retry:` hints received. */
  retries: number[];
  /** Resolves with the first event (already received or yet to come) that matches. */
  next(match: (e: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<TestEventStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  const stream: TestEventStream = {
    status: res.status,
    headers: res.headers,
    events,
    comments: 0,
    retries: [],
    ended: Promise.resolve(),
    next(match, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < events.length; seen++) {
            if (match(events[seen]!)) {
              waiters.delete(check);
              clearTimeout(timer);
              return resolve(events[seen]!);
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got: ${JSON.stringify(events.map((e) => e.event))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
  if (!res.ok || !res.body) {
    await res.text().catch(() => "");
    return stream;
  }
  const decoder = new TextDecoder();
  let buffer = "";
  let event = { name: "message", data: [] as string[], id: null as string | null };
  const dispatch = () => {
    if (event.data.length) {
      const text = event.data.join("\n");
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // plain text data
      }
      events.push({ event: event.name, data, id: event.id });
      for (const waiter of [...waiters]) waiter();
    }
    event = { name: "message", data: [], id: null };
  };
  const line = (l: string) => {
    if (l === "") return dispatch();
    if (l.startsWith(":")) return void stream.comments++;
    const colon = l.indexOf(":");
    const field = colon === -1 ? l : l.slice(0, colon);
    const value = colon === -1 ? "" : l.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event.name = value;
    else if (field === "data") event.data.push(value);
    else if (field === "id") event.id = value;
    else if (field === "retry" && /^\d+$/.test(value)) stream.retries.push(Number(value));
  };
  stream.ended = (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffer.search(/\r\n|\r|\n/)) !== -1) {
          const crlf = buffer.startsWith("\r\n", nl) ? 2 : 1;
          line(buffer.slice(0, nl));
          buffer = buffer.slice(nl + crlf);
        }
      }
    } catch {
      // aborted by close(), or the connection broke
    }
  })();
  return stream;
}
