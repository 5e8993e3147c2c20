// What an API handler sees of a request and gives back: no Node or Web types, so the same
// handlers run behind the Node server (production) and behind Next's route (next dev).

export interface ApiRequest {
  readonly method: string;
  /** The path as sent (percent-encoded), for problem `instance` members and logs. */
  readonly pathname: string;
  /** The query as sent, with its "?" (or ""). */
  readonly search: string;
  readonly requestId: string;
  /** The client's address as this server saw it (the peer of the connection), if known. */
  readonly clientAddress: string | null;
  /** A header's value (several occurrences joined with ", "), or null. Names in lower case. */
  header(name: string): string | null;
  /** The body as it streams in, or null when there is none. */
  body(): AsyncIterable<Uint8Array> | null;
  /** The rest of the body will not be read (it is too large): the connection must not be reused. */
  abandonBody(): void;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
  /** Set-Cookie values (the one header that cannot be folded into one line). */
  cookies?: string[];
  /**
   * A response that stays open (an event stream): after the headers are written, `start` gets
   * a sink to write to until either side ends it. `body` is ignored.
   */
  stream?: (sink: StreamSink) => void;
}

export interface StreamSink {
  /** Writes a chunk; false once the client has gone (nothing more is sent). */
  write(text: string): boolean;
  end(): void;
  /** Called once when the stream ends, whoever ended it. */
  onClose(listener: () => void): void;
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): ApiResponse {
  return { status: init.status ?? 200, headers: { "Content-Type": JSON_CONTENT_TYPE, ...init.headers }, body: JSON.stringify(body) };
}

export function empty(status: number, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers, body: null };
}

/** HEAD: the headers GET would send, with the body's media type and no body. */
export function headOf(headers: Record<string, string>): ApiResponse {
  return empty(200, { "Content-Type": JSON_CONTENT_TYPE, ...headers });
}

/**
 * A stream sink over a transport: `send` writes, `finish` ends it. Returns the sink and the
 * function the transport calls when the connection closes on its own (idempotent: listeners run
 * once, whoever ends the stream).
 */
export function streamSink(send: (text: string) => void, finish: () => void): { sink: StreamSink; closed: () => void } {
  const listeners: (() => void)[] = [];
  let isClosed = false;
  const closed = () => {
    if (isClosed) return;
    isClosed = true;
    for (const listener of listeners) listener();
  };
  const sink: StreamSink = {
    write: (text) => !isClosed && (send(text), true),
    end: () => {
      if (!isClosed) finish();
      closed();
    },
    onClose: (listener) => void (isClosed ? listener() : listeners.push(listener)),
  };
  return { sink, closed };
}
