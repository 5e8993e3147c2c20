import { fullJitterDelay, sleep, type RetryOptions } from "./backoff.js";
import { ConflictError, errorFor, NetworkError } from "./errors.js";
import type { DocumentInput, DocumentSummary, Problem, Revision, RevisionSummary, Versioned } from "./types.js";

export interface ClientOptions {
  /** Origin of the API, e.g. "http://127.0.0.1:3000"; "" for same-origin in a browser. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Display name sent as X-Author on writes (percent-encoded: headers are Latin-1). */
  author?: () => string | null | undefined;
  /** Called after every retry of update(), e.g. to report it to metrics. */
  onRetry?: (info: { id: string; attempt: number; delayMs: number }) => void;
}

export interface UpdateResult extends Versioned {
  /** Attempts it took (1 = no conflict). */
  attempts: number;
}

/** Thrown by update() when every attempt met a newer version. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    readonly lastConflict: ConflictError,
  ) {
    super(`gave up after ${attempts} attempts: the document kept changing`);
    this.name = "RetriesExhaustedError";
  }
}

const JSON_TYPE = "application/json";

/**
 * The documents API with its validators kept for you: the last ETag seen per document is
 * sent as If-None-Match on re-reads (a 304 costs no body) and is what writes default to.
 */
export class DocumentsClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly cache = new Map<string, Versioned>();

  constructor(private readonly options: ClientOptions = {}) {
    this.base = (options.baseUrl ?? "").replace(/\/$/, "");
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The last state this client saw of a document, if any. */
  peek(id: string): Versioned | undefined {
    return this.cache.get(id);
  }

  /** Forget a document's cached state (the next get() is unconditional). */
  forget(id: string): void {
    this.cache.delete(id);
  }

  async list(signal?: AbortSignal): Promise<DocumentSummary[]> {
    const res = await this.send("GET", "/api/documents", { signal });
    return (await res.json()) as DocumentSummary[];
  }

  /** Reads a document; revalidates with If-None-Match when a state is cached. */
  async get(id: string, options: { signal?: AbortSignal } = {}): Promise<Versioned> {
    const cached = this.cache.get(id);
    const res = await this.send("GET", docPath(id), {
      signal: options.signal,
      headers: cached ? { "If-None-Match": cached.etag } : {},
      accept304: true,
    });
    if (res.status === 304 && cached) return cached;
    return this.remember(res);
  }

  /** Creates a document with a server-made id. */
  async create(input: DocumentInput): Promise<Versioned> {
    return this.remember(await this.send("POST", "/api/documents", { body: input, write: true }));
  }

  /** Creates a document under a client-made id; ConflictError if the id exists. */
  async createWithId(id: string, input: DocumentInput): Promise<Versioned> {
    return this.remember(await this.send("PUT", docPath(id), { body: input, write: true, headers: { "If-None-Match": "*" } }));
  }

  /** Replaces title and content if the document is still at `ifMatch` (default: the cached ETag). */
  async replace(id: string, input: DocumentInput, options: { ifMatch?: string; signal?: AbortSignal } = {}): Promise<Versioned> {
    const ifMatch = this.precondition(id, options.ifMatch);
    return this.remember(await this.send("PUT", docPath(id), { body: input, write: true, headers: { "If-Match": ifMatch }, signal: options.signal }));
  }

  /** RFC 7396 merge patch: only the fields given change. */
  async patch(id: string, patch: Partial<DocumentInput>, options: { ifMatch?: string } = {}): Promise<Versioned> {
    const ifMatch = this.precondition(id, options.ifMatch);
    return this.remember(
      await this.send("PATCH", docPath(id), { body: patch, write: true, contentType: "application/merge-patch+json", headers: { "If-Match": ifMatch } }),
    );
  }

  async remove(id: string, options: { ifMatch?: string } = {}): Promise<void> {
    const ifMatch = this.precondition(id, options.ifMatch);
    await this.send("DELETE", docPath(id), { write: true, headers: { "If-Match": ifMatch } });
    this.cache.delete(id);
  }

  async revisions(id: string, signal?: AbortSignal): Promise<RevisionSummary[]> {
    return (await (await this.send("GET", `${docPath(id)}/revisions`, { signal })).json()) as RevisionSummary[];
  }

  async revision(id: string, version: number, signal?: AbortSignal): Promise<Revision> {
    return (await (await this.send("GET", `${docPath(id)}/revisions/${version}`, { signal })).json()) as Revision;
  }

  /**
   * Read-modify-write: applies `change` to the current state and writes it with If-Match.
   * On 412 it takes the server's current state from the problem body (no extra GET), waits
   * a full-jitter exponential backoff, and applies `change` again, up to maxAttempts.
   */
  async update(id: string, change: (current: Versioned) => DocumentInput | Promise<DocumentInput>, options: RetryOptions = {}): Promise<UpdateResult> {
    const maxAttempts = options.maxAttempts ?? 8;
    let current = await this.get(id, { signal: options.signal });
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      try {
        const next = await change(current);
        const saved = await this.replace(id, next, { ifMatch: current.etag, signal: options.signal });
        return { ...saved, attempts: attempt };
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        if (!error.current) throw error; // deleted meanwhile: nothing to retry against
        if (attempt >= maxAttempts) throw new RetriesExhaustedError(attempt, error);
        current = error.current;
        const delayMs = fullJitterDelay(attempt - 1, options);
        this.options.onRetry?.({ id, attempt, delayMs });
        await sleep(delayMs, options.signal);
      }
    }
  }

  private precondition(id: string, explicit: string | undefined): string {
    const ifMatch = explicit ?? this.cache.get(id)?.etag;
    if (!ifMatch) throw new Error(`no ETag known for document ${id}: get() it first or pass ifMatch`);
    return ifMatch;
  }

  private async remember(res: Response): Promise<Versioned> {
    const doc = (await res.json()) as Versioned["doc"];
    const etag = res.headers.get("etag");
    if (!etag) throw new Error("the server sent no ETag");
    const versioned = { doc, etag };
    this.cache.set(doc.id, versioned);
    return versioned;
  }

  private async send(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal; write?: boolean; accept304?: boolean; contentType?: string },
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: JSON_TYPE, ...init.headers };
    if (init.body !== undefined) headers["Content-Type"] = init.contentType ?? JSON_TYPE;
    const author = init.write ? this.options.author?.() : null;
    if (author) headers["X-Author"] = encodeURIComponent(author);
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: init.signal,
        cache: "no-store",
      });
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      throw new NetworkError(error);
    }
    if (res.ok || (init.accept304 && res.status === 304)) return res;
    let problem: Problem;
    try {
      problem = (await res.json()) as Problem;
    } catch {
      problem = { type: "about:blank", title: res.statusText, status: res.status, detail: `HTTP ${res.status}`, code: "http" };
    }
    if (res.status === 412 || res.status === 410 || res.status === 404) this.cache.delete(path.split("/")[3] ?? "");
    const error = errorFor(res.status, problem, res.headers.get("etag"));
    if (error instanceof ConflictError && error.current) this.cache.set(error.current.doc.id, error.current);
    throw error;
  }
}

function docPath(id: string): string {
  return `/api/documents/${encodeURIComponent(id)}`;
}
