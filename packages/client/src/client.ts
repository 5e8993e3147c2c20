import { DIFF_MEDIA_TYPE, documentPath, documentsPath, IDEMPOTENCY_KEY_HEADER, JSON_MEDIA_TYPE, LIST_PARAMS, MERGE_PATCH_MEDIA_TYPE, MERGE_PREFERENCE, nextLinkOf, PAGE_LIMIT_MAX, PREFER_HEADER, RETRY_HEADER, revisionPath, revisionsPath, type RevisionOrder, type SearchHit } from "@tandem/contract";
import { fullJitterDelay, MAX_ATTEMPTS, sleep, type RetryOptions } from "./backoff.ts";
import { ConflictError, errorFor, isTransient, MergeConflictError, NetworkError, WriteOutcomeUnknownError } from "./errors.ts";
import type { DocumentInput, DocumentSummary, MergedInfo, Problem, Revision, RevisionSummary, Versioned } from "./types.ts";

export interface ClientOptions {
  /** Origin of the API, e.g. "http://127.0.0.1:3000"; "" for same-origin in a browser. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /**
   * A personal access token, sent as `Authorization: Bearer <token>` on every request (a
   * function: read at each request, so a rotated token takes effect). Omit it in a browser,
   * where the session cookie authenticates same-origin requests.
   */
  token?: string | (() => string | null | undefined);
  /** Called before every retry of update(), e.g. to report it to metrics. */
  onRetry?: (info: { id: string; attempt: number; delayMs: number; reason: "conflict" | "unavailable" }) => void;
}

export interface UpdateOptions extends RetryOptions {
  /**
   * Whether `current` already holds this update. A write whose answer was lost is resent with
   * its Idempotency-Key until it gets one; only when attempts run out first does update() read
   * the document and ask this. Without it, that case throws WriteOutcomeUnknownError.
   */
  applied?: (current: Versioned) => boolean;
}

export interface UpdateResult extends Versioned {
  /** Read-modify-write cycles it took (1 = no conflict, no failure). */
  attempts: number;
}

/** A write's answer: the new state, and how it was merged when `Prefer: merge` was applied. */
export interface WriteAnswer extends Versioned {
  merged?: MergedInfo;
}

/** Write options shared by replace() and patchDiff(). */
interface WriteOptions {
  ifMatch?: string;
  signal?: AbortSignal;
  idempotencyKey?: string;
  /**
   * `Prefer: merge`: when `ifMatch` is stale the server merges this write over the newer
   * versions (the answer's `merged` says so) or refuses it with MergeConflictError (409).
   */
  merge?: boolean;
}

/** Thrown by update() when every attempt met a newer version or a failure worth retrying. */
/** One page of a list, and the URL of the next one (from `Link: <…>; rel="next"`), if any. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface PageOptions {
  /** Rows per page (the server's default when omitted). */
  limit?: number;
  /** A previous page's `next`: reads that page instead of the first. */
  next?: string | null;
  signal?: AbortSignal;
}

function withParams(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export class RetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    /** The last 412, if any attempt met one. */
    readonly lastConflict: ConflictError | null,
    lastError: unknown,
  ) {
    super(`gave up after ${attempts} attempts: ${lastError instanceof ConflictError ? "the document kept changing" : "the server stayed unavailable"}`, { cause: lastError });
    this.name = "RetriesExhaustedError";
  }
}


const JSON_TYPE = JSON_MEDIA_TYPE;

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

  /** The first page of the documents you are a member of, most recently changed first. */
  async list(signal?: AbortSignal): Promise<DocumentSummary[]> {
    return (await this.listPage({ signal })).items;
  }

  /** A page of the documents you are a member of, most recently changed first. */
  listPage(options: PageOptions = {}): Promise<Page<DocumentSummary>> {
    return this.page(withParams(documentsPath(), { [LIST_PARAMS.limit]: options.limit }), options);
  }

  /** A page of the documents you are a member of that hold every word of `q`, best match first. */
  search(q: string, options: PageOptions = {}): Promise<Page<SearchHit>> {
    return this.page(withParams(documentsPath(), { [LIST_PARAMS.query]: q, [LIST_PARAMS.limit]: options.limit }), options);
  }

  /** A page of a document's revisions, oldest first (or, with `order: "newest"`, newest first). */
  revisionsPage(id: string, options: PageOptions & { order?: RevisionOrder } = {}): Promise<Page<RevisionSummary>> {
    return this.page(withParams(revisionsPath(id), { [LIST_PARAMS.order]: options.order, [LIST_PARAMS.limit]: options.limit }), options);
  }

  private async page<T>(first: string, { next, signal }: PageOptions): Promise<Page<T>> {
    const res = await this.send("GET", next ?? first, { signal });
    return { items: (await res.json()) as T[], next: nextLinkOf(res.headers.get("link")) };
  }

  /** Reads a document; revalidates with If-None-Match when a state is cached. */
  async get(id: string, options: { signal?: AbortSignal } = {}): Promise<Versioned> {
    const cached = this.cache.get(id);
    const res = await this.send("GET", documentPath(id), {
      docId: id,
      signal: options.signal,
      headers: cached ? { "If-None-Match": cached.etag } : {},
      accept304: true,
    });
    if (res.status === 304 && cached) return cached;
    return this.remember(res);
  }

  /**
   * Creates a document with a server-made id. Every write carries an Idempotency-Key (a new one
   * per call unless given): resend a write whose answer was lost with the same key, and the
   * server answers what it did the first time instead of doing it again.
   */
  async create(input: DocumentInput, options: { idempotencyKey?: string } = {}): Promise<Versioned> {
    return this.remember(await this.send("POST", documentsPath(), { body: input, write: true, idempotencyKey: options.idempotencyKey }));
  }

  /** Creates a document under a client-made id; ConflictError if the id exists. */
  async createWithId(id: string, input: DocumentInput): Promise<Versioned> {
    return this.remember(await this.send("PUT", documentPath(id), { docId: id, body: input, write: true, headers: { "If-None-Match": "*" } }));
  }

  /**
   * Replaces title and content if the document is still at `ifMatch` (default: the cached ETag).
   * `attempt` > 1 is reported as X-Tandem-Retry (update() sets it on its retries).
   */
  async replace(id: string, input: DocumentInput, options: WriteOptions & { attempt?: number } = {}): Promise<WriteAnswer> {
    const headers = this.writeHeaders(id, options);
    if (options.attempt !== undefined && options.attempt > 1) headers[RETRY_HEADER] = String(options.attempt);
    return this.remember(await this.send("PUT", documentPath(id), { docId: id, body: input, write: true, headers, signal: options.signal, idempotencyKey: options.idempotencyKey }), options.signal);
  }

  /**
   * PATCH with a unified diff (`text/x-diff`) of the content against the version `ifMatch`
   * names; the title stays. A hunk that does not apply is a TandemHttpError 409 with code
   * `patch-does-not-apply` (nothing applied).
   */
  async patchDiff(id: string, diff: string, options: WriteOptions = {}): Promise<WriteAnswer> {
    const headers = this.writeHeaders(id, options);
    return this.remember(
      await this.send("PATCH", documentPath(id), { docId: id, raw: diff, write: true, contentType: DIFF_MEDIA_TYPE, headers, signal: options.signal, idempotencyKey: options.idempotencyKey }),
      options.signal,
    );
  }

  private writeHeaders(id: string, options: WriteOptions): Record<string, string> {
    const headers: Record<string, string> = { "If-Match": this.precondition(id, options.ifMatch) };
    if (options.merge) headers[PREFER_HEADER] = MERGE_PREFERENCE;
    return headers;
  }

  /** RFC 7396 merge patch: only the fields given change. */
  async patch(id: string, patch: Partial<DocumentInput>, options: { ifMatch?: string; idempotencyKey?: string } = {}): Promise<Versioned> {
    const ifMatch = this.precondition(id, options.ifMatch);
    return this.remember(
      await this.send("PATCH", documentPath(id), { docId: id, body: patch, write: true, contentType: MERGE_PATCH_MEDIA_TYPE, headers: { "If-Match": ifMatch }, idempotencyKey: options.idempotencyKey }),
    );
  }

  async remove(id: string, options: { ifMatch?: string; idempotencyKey?: string } = {}): Promise<void> {
    const ifMatch = this.precondition(id, options.ifMatch);
    await this.send("DELETE", documentPath(id), { docId: id, write: true, headers: { "If-Match": ifMatch }, idempotencyKey: options.idempotencyKey });
    this.cache.delete(id);
  }

  /** Every revision of a document, oldest first (all its pages). */
  async revisions(id: string, signal?: AbortSignal): Promise<RevisionSummary[]> {
    const all: RevisionSummary[] = [];
    let next: string | null = null;
    do {
      const page: Page<RevisionSummary> = await this.revisionsPage(id, { limit: PAGE_LIMIT_MAX, next, signal });
      all.push(...page.items);
      next = page.next;
    } while (next !== null);
    return all;
  }

  async revision(id: string, version: number, signal?: AbortSignal): Promise<Revision> {
    return (await (await this.send("GET", revisionPath(id, version), { signal })).json()) as Revision;
  }

  /**
   * Read-modify-write: applies `change` to the current state and writes it with If-Match.
   * On 412 it takes the server's current state from the problem body (no extra GET) and applies
   * `change` again. A write that got no answer (network failure, 502/503/504) is sent again
   * as it was, with the same Idempotency-Key: if the first one was applied, the server answers
   * what it did then, so nothing is applied twice and no read can be mistaken for it. Between
   * attempts a full-jitter exponential backoff, up to maxAttempts; retried writes carry
   * X-Tandem-Retry: <attempt>.
   */
  async update(id: string, change: (current: Versioned) => DocumentInput | Promise<DocumentInput>, options: UpdateOptions = {}): Promise<UpdateResult> {
    const maxAttempts = options.maxAttempts ?? 8;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new RangeError(`maxAttempts must be an integer from 1 to ${MAX_ATTEMPTS}`);
    }
    const { signal } = options;
    let current: Versioned | null = null;
    // A write that got no answer: it is resent, exactly, until it gets one.
    let unanswered: { input: DocumentInput; ifMatch: string; key: string; error: unknown } | null = null;
    let lastConflict: ConflictError | null = null;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      let writing: { input: DocumentInput; ifMatch: string; key: string } | null = null;
      try {
        if (unanswered) {
          writing = unanswered;
        } else {
          current ??= await this.get(id, { signal });
          writing = { input: await change(current), ifMatch: current.etag, key: newIdempotencyKey() };
        }
        const saved = await this.replace(id, writing.input, { ifMatch: writing.ifMatch, signal, attempt, idempotencyKey: writing.key });
        return { ...saved, attempts: attempt };
      } catch (error) {
        let reason: "conflict" | "unavailable";
        if (error instanceof ConflictError) {
          if (!error.current) throw error; // deleted meanwhile: nothing to retry against
          // A 412 to a resent write: its first copy may have landed after all (its instance died
          // before it could keep the answer, and the key was taken over). Only `applied` can say.
          if (unanswered) {
            if (!options.applied) throw new WriteOutcomeUnknownError(error.current, unanswered.error);
            if (options.applied(error.current)) return { ...error.current, attempts: attempt };
          }
          current = error.current;
          lastConflict = error;
          unanswered = null;
          reason = "conflict";
        } else if (isTransient(error)) {
          if (writing) unanswered = { ...writing, error };
          current = null;
          reason = "unavailable";
        } else {
          throw error;
        }
        if (attempt >= maxAttempts) {
          const settled = unanswered && (await this.settleUnanswered(id, unanswered.error, options));
          if (settled) return { ...settled, attempts: attempt };
          throw new RetriesExhaustedError(attempt, lastConflict, error);
        }
        const delayMs = fullJitterDelay(attempt - 1, options);
        this.options.onRetry?.({ id, attempt, delayMs, reason });
        await sleep(delayMs, signal);
      }
    }
  }

  /**
   * Retries ran out while a write had no answer: the document as it is now if `applied`
   * recognises the change in it, null when it cannot be read; else WriteOutcomeUnknownError.
   */
  private async settleUnanswered(id: string, cause: unknown, options: UpdateOptions): Promise<Versioned | null> {
    const current = await this.get(id, { signal: options.signal }).catch(() => null);
    if (!current) return null;
    if (options.applied?.(current)) return current;
    throw new WriteOutcomeUnknownError(current, cause);
  }

  private precondition(id: string, explicit: string | undefined): string {
    const ifMatch = explicit ?? this.cache.get(id)?.etag;
    if (!ifMatch) throw new Error(`no ETag known for document ${id}: get() it first or pass ifMatch`);
    return ifMatch;
  }

  private async remember(res: Response, signal?: AbortSignal): Promise<WriteAnswer> {
    let doc: Versioned["doc"];
    let merged: MergedInfo | undefined;
    try {
      ({ merged, ...doc } = (await res.json()) as Versioned["doc"] & { merged?: MergedInfo });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // The connection broke in the middle of the body: the write's answer is lost, not wrong.
      if (error instanceof SyntaxError) throw error;
      throw new NetworkError(error);
    }
    const etag = res.headers.get("etag");
    if (!etag) throw new Error("the server sent no ETag");
    const versioned = { doc, etag };
    this.cache.set(doc.id, versioned);
    return merged ? { ...versioned, merged } : versioned;
  }

  private async send(
    method: string,
    path: string,
    init: {
      /** The document this request is about: its cached state is dropped when the answer says it is stale or gone. */
      docId?: string;
      body?: unknown;
      /** A body sent as it is (with contentType), instead of `body` as JSON. */
      raw?: string;
      headers?: Record<string, string>;
      signal?: AbortSignal;
      write?: boolean;
      /** Writes only; a fresh one when not given. */
      idempotencyKey?: string;
      accept304?: boolean;
      contentType?: string;
    },
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: JSON_TYPE, ...init.headers };
    if (init.body !== undefined || init.raw !== undefined) headers["Content-Type"] = init.contentType ?? JSON_TYPE;
    if (init.write) headers[IDEMPOTENCY_KEY_HEADER] = init.idempotencyKey ?? newIdempotencyKey();
    const token = typeof this.options.token === "function" ? this.options.token() : this.options.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
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
    } catch (error) {
      // Cancelled while the problem body was arriving: that is the caller's abort, not a
      // body-less 412 (which would read as a conflict without its current state).
      if (init.signal?.aborted) throw init.signal.reason;
      if (!(error instanceof SyntaxError)) throw new NetworkError(error);
      problem = { type: "about:blank", title: res.statusText, status: res.status, detail: `HTTP ${res.status}`, code: "http" };
    }
    if (init.docId !== undefined && (res.status === 412 || res.status === 410 || res.status === 404)) this.cache.delete(init.docId);
    const error = errorFor(res.status, problem, res.headers.get("etag"));
    if ((error instanceof ConflictError || error instanceof MergeConflictError) && error.current) this.cache.set(error.current.doc.id, error.current);
    throw error;
  }
}

/**
 * Random and unguessable: a key must never be shared by two different writes. From
 * getRandomValues, which (unlike randomUUID) browsers also offer on plain http.
 */
function newIdempotencyKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
