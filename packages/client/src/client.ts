import { DIFF_MEDIA_TYPE, documentPath, documentsPath, IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAY_HEADER, JSON_MEDIA_TYPE, LIST_PARAMS, MERGE_PATCH_MEDIA_TYPE, MERGE_PREFERENCE, nextLinkOf, PAGE_LIMIT_MAX, PREFER_HEADER, RETRY_HEADER, revisionPath, revisionsPath, type RevisionOrder, type SearchHit } from "@tandem/contract";
import { fullJitterDelay, MAX_ATTEMPTS, sleep, type RetryOptions } from "./backoff.ts";
import { ConflictError, errorFor, isTransient, MergeConflictError, NetworkError, WriteOutcomeUnknownError } from "./errors.ts";
import type { DocumentInput, DocumentSummary, MergedInfo, Problem, Revision, RevisionSummary, Versioned } from "./types.ts";
import { nextStep, outcomeOf, type AttemptOutcome, type NextStep } from "./write-retry.ts";

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
  /**
   * Called before every retry of a write, e.g. to report it to metrics: update()'s, and every
   * resend of a write that got no answer (`id` is "" for create(), whose id the server makes).
   */
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

/**
 * What every write takes. A write that gets no answer (the connection broke, 502, 503, 504, or
 * `409 idempotency-key-in-use`) is resent with the same Idempotency-Key and the same bytes, with
 * update()'s backoff (`maxAttempts`, `baseDelayMs`, `maxDelayMs`), until it gets one; a replayed
 * answer (`Idempotent-Replayed`) is the write's answer, success or refusal. WriteOutcomeUnknownError
 * only when the attempts run out first (or a resend meets a 412 that is not a replay: the first
 * copy may have made that version).
 */
export interface WriteRetryOptions extends RetryOptions {
  /** The request's Idempotency-Key (1 to 255 visible ASCII characters); a new random one when omitted. */
  idempotencyKey?: string;
}

/** Write options shared by replace() and patchDiff(). */
interface WriteOptions extends WriteRetryOptions {
  ifMatch?: string;
  /**
   * `Prefer: merge`: when `ifMatch` is stale the server merges this write over the newer
   * versions (the answer's `merged` says so) or refuses it with MergeConflictError (409).
   */
  merge?: boolean;
}

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

/** A write as it is sent, every time it is sent: the same key, the same bytes. */
interface WriteRequest {
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** The document written ("" for a create whose id the server makes). */
  docId: string;
  body?: string;
  contentType?: string;
  headers: Record<string, string>;
  key: string;
}

/** Thrown by update() when every attempt met a newer version or a failure worth retrying. */
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
   * per call unless given) and is resent with it, unchanged, while it gets no answer: if the first
   * copy landed, the server answers what it did then instead of doing it again.
   */
  async create(input: DocumentInput, options: WriteRetryOptions = {}): Promise<Versioned> {
    return this.write(jsonWrite("POST", documentsPath(), "", input, {}, options), options, (res) => this.remember(res, options.signal));
  }

  /** Creates a document under a client-made id; ConflictError if the id exists. */
  async createWithId(id: string, input: DocumentInput, options: WriteRetryOptions = {}): Promise<Versioned> {
    return this.write(jsonWrite("PUT", documentPath(id), id, input, { "If-None-Match": "*" }, options), options, (res) => this.remember(res, options.signal));
  }

  /**
   * Replaces title and content if the document is still at `ifMatch` (default: the cached ETag).
   * `attempt` > 1 is reported as X-Tandem-Retry (and counted on by its resends).
   */
  async replace(id: string, input: DocumentInput, options: WriteOptions & { attempt?: number } = {}): Promise<WriteAnswer> {
    return this.write(jsonWrite("PUT", documentPath(id), id, input, this.writeHeaders(id, options), options), options, (res) => this.remember(res, options.signal));
  }

  /**
   * PATCH with a unified diff (`text/x-diff`) of the content against the version `ifMatch`
   * names; the title stays. A hunk that does not apply is a TandemHttpError 409 with code
   * `patch-does-not-apply` (nothing applied).
   */
  async patchDiff(id: string, diff: string, options: WriteOptions = {}): Promise<WriteAnswer> {
    const request: WriteRequest = { method: "PATCH", path: documentPath(id), docId: id, body: diff, contentType: DIFF_MEDIA_TYPE, headers: this.writeHeaders(id, options), key: keyOf(options) };
    return this.write(request, options, (res) => this.remember(res, options.signal));
  }

  private writeHeaders(id: string, options: WriteOptions): Record<string, string> {
    const headers: Record<string, string> = { "If-Match": this.precondition(id, options.ifMatch) };
    if (options.merge) headers[PREFER_HEADER] = MERGE_PREFERENCE;
    return headers;
  }

  /** RFC 7396 merge patch: only the fields given change. */
  async patch(id: string, patch: Partial<DocumentInput>, options: WriteRetryOptions & { ifMatch?: string } = {}): Promise<Versioned> {
    const request = jsonWrite("PATCH", documentPath(id), id, patch, { "If-Match": this.precondition(id, options.ifMatch) }, options, MERGE_PATCH_MEDIA_TYPE);
    return this.write(request, options, (res) => this.remember(res, options.signal));
  }

  async remove(id: string, options: WriteRetryOptions & { ifMatch?: string } = {}): Promise<void> {
    const request: WriteRequest = { method: "DELETE", path: documentPath(id), docId: id, headers: { "If-Match": this.precondition(id, options.ifMatch) }, key: keyOf(options) };
    await this.write(request, options, async () => undefined);
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
    const maxAttempts = checkedMaxAttempts(options.maxAttempts);
    const { signal } = options;
    let current: Versioned | null = null;
    // The write being sent; kept, and resent exactly, while it has no answer.
    let request: WriteRequest | null = null;
    let resending = false;
    let lastLost: unknown = null;
    let lastConflict: ConflictError | null = null;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      let outcome: AttemptOutcome;
      let failure: unknown = null;
      let answer: WriteAnswer | null = null;
      let sent = false;
      try {
        if (!resending) {
          current ??= await this.get(id, { signal });
          const input = await change(current);
          request = jsonWrite("PUT", documentPath(id), id, input, { "If-Match": current.etag }, {});
        }
        sent = true;
        answer = await this.attemptWrite(request!, attempt, signal, (res) => this.remember(res, signal));
        outcome = { kind: "answered" };
      } catch (error) {
        failure = error;
        outcome = sent ? outcomeOf(error) : isTransient(error) ? { kind: "unsent" } : { kind: "refused" };
      }
      let step: NextStep = nextStep({ attempt, maxAttempts, resending, rebases: true }, outcome);
      if (step === "unknown") {
        // A resend met a fresh 412, or the attempts ran out unanswered: only `applied` can say.
        const now = outcome.kind === "stale" ? (failure as ConflictError).current : await this.get(id, { signal }).catch(() => null);
        if (now && options.applied?.(now)) return { ...now, attempts: attempt };
        if (outcome.kind !== "stale" || !options.applied) throw new WriteOutcomeUnknownError(now, outcome.kind === "stale" ? lastLost : failure, request!.key);
        // `applied` says the 412 is someone else's version: an ordinary conflict.
        step = nextStep({ attempt, maxAttempts, resending: false, rebases: true }, outcome);
      }
      switch (step) {
        case "return":
          return { ...answer!, attempts: attempt };
        case "resend":
          resending = true;
          lastLost = failure;
          current = null;
          break;
        case "rewrite":
          resending = false;
          if (failure instanceof ConflictError) lastConflict = failure;
          current = failure instanceof ConflictError ? failure.current : null;
          break;
        case "give-up":
          if (failure instanceof ConflictError) lastConflict = failure;
          throw new RetriesExhaustedError(attempt, lastConflict, failure);
        default:
          throw failure;
      }
      await this.backoff(id, attempt, outcome.kind === "stale" ? "conflict" : "unavailable", options);
    }
  }

  /**
   * Sends a write until it has an answer: unanswered, it is resent as it was (same key, same
   * bytes) after a backoff; `read` takes the answer's body inside the attempt, so a body cut
   * off midway is a lost answer too. WriteOutcomeUnknownError when nextStep says so.
   */
  private async write<T>(request: WriteRequest, options: RetryOptions & { attempt?: number }, read: (res: Response) => Promise<T>): Promise<T> {
    const maxAttempts = checkedMaxAttempts(options.maxAttempts);
    const first = options.attempt ?? 1;
    let resending = false;
    let lastLost: unknown = null;
    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome;
      let answer: T | undefined;
      let failure: unknown = null;
      try {
        answer = await this.attemptWrite(request, first + attempt - 1, options.signal, read);
        outcome = { kind: "answered" };
      } catch (error) {
        failure = error;
        outcome = outcomeOf(error);
      }
      switch (nextStep({ attempt, maxAttempts, resending, rebases: false }, outcome)) {
        case "return":
          return answer as T;
        case "resend":
          resending = true;
          lastLost = failure;
          await this.backoff(request.docId, attempt, "unavailable", options);
          break;
        case "unknown": {
          const current = failure instanceof ConflictError ? failure.current : null;
          throw new WriteOutcomeUnknownError(current, outcome.kind === "lost" ? failure : lastLost, request.key);
        }
        default:
          throw failure;
      }
    }
  }

  /** One attempt of a write: X-Tandem-Retry says which, when it is not the first. */
  private async attemptWrite<T>(request: WriteRequest, attempt: number, signal: AbortSignal | undefined, read: (res: Response) => Promise<T>): Promise<T> {
    const headers: Record<string, string> = { ...request.headers, [IDEMPOTENCY_KEY_HEADER]: request.key };
    if (attempt > 1) headers[RETRY_HEADER] = String(Math.min(attempt, MAX_ATTEMPTS));
    return read(await this.send(request.method, request.path, { docId: request.docId || undefined, raw: request.body, contentType: request.contentType, headers, signal }));
  }

  private async backoff(id: string, attempt: number, reason: "conflict" | "unavailable", options: RetryOptions): Promise<void> {
    const delayMs = fullJitterDelay(attempt - 1, options);
    this.options.onRetry?.({ id, attempt, delayMs, reason });
    await sleep(delayMs, options.signal);
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
      /** Sent as it is, with contentType. */
      raw?: string;
      headers?: Record<string, string>;
      signal?: AbortSignal;
      accept304?: boolean;
      contentType?: string;
    },
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: JSON_TYPE, ...init.headers };
    if (init.raw !== undefined) headers["Content-Type"] = init.contentType ?? JSON_TYPE;
    const token = typeof this.options.token === "function" ? this.options.token() : this.options.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        body: init.raw,
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
    const error = errorFor(res.status, problem, res.headers.get("etag"), res.headers.get(IDEMPOTENT_REPLAY_HEADER) === "true");
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

function keyOf(options: WriteRetryOptions): string {
  return options.idempotencyKey ?? newIdempotencyKey();
}

/** A write with a JSON body, serialized once: every resend carries the same bytes. */
function jsonWrite(method: WriteRequest["method"], path: string, docId: string, body: unknown, headers: Record<string, string>, options: WriteRetryOptions, contentType = JSON_TYPE): WriteRequest {
  return { method, path, docId, body: JSON.stringify(body), contentType, headers, key: keyOf(options) };
}

function checkedMaxAttempts(maxAttempts = 8): number {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
    throw new RangeError(`maxAttempts must be an integer from 1 to ${MAX_ATTEMPTS}`);
  }
  return maxAttempts;
}
