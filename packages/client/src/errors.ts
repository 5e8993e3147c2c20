import type { DeletedInfo, DocumentView, MergeConflicts, Problem, Versioned } from "./types.ts";

/** Any answer of the API that is not a success. */
export class TandemHttpError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /**
     * The answer is a replay (`Idempotent-Replayed`): the one the first request with this
     * Idempotency-Key got, so it is the write's own answer.
     */
    readonly replayed = false,
  ) {
    super(problem.detail || `HTTP ${status}`);
    this.name = "TandemHttpError";
  }
  get code(): string {
    return this.problem.code;
  }
}

/**
 * 412: the write was based on a stale copy. `current` is the server's state when the write
 * was refused (with its ETag), or null when the document was deleted (`deleted` says by whom).
 */
export class ConflictError extends TandemHttpError {
  readonly current: Versioned | null;
  readonly deleted: DeletedInfo | null;
  constructor(problem: Problem, etag: string | null, replayed = false) {
    super(412, problem, replayed);
    this.name = "ConflictError";
    const doc = problem.current as DocumentView | null | undefined;
    this.current = doc && etag ? { doc, etag } : null;
    this.deleted = problem.deleted ?? null;
  }
}

/**
 * 409 to a write with `Prefer: merge`: it conflicts with what came since its base, and nothing
 * was applied. `current` is the state it met (with its ETag); `conflicts` the regions, per field.
 */
export class MergeConflictError extends TandemHttpError {
  readonly current: Versioned | null;
  constructor(problem: Problem, etag: string | null, replayed = false) {
    super(409, problem, replayed);
    this.name = "MergeConflictError";
    const doc = problem.current as DocumentView | null | undefined;
    this.current = doc && etag ? { doc, etag } : null;
  }
  /** The problem body's `conflicts` (empty lists if the server sent none). */
  get conflicts(): MergeConflicts {
    return (this.problem.conflicts as MergeConflicts | undefined) ?? { title: [], content: [] };
  }
}

/** 428: the write carried no precondition (a client bug: always send If-Match). */
export class PreconditionRequiredError extends TandemHttpError {
  override name = "PreconditionRequiredError";
}

export class NotFoundError extends TandemHttpError {
  override name = "NotFoundError";
}

/** 410: the document was deleted; `deleted` says by whom, when and at which version. */
export class GoneError extends TandemHttpError {
  override name = "GoneError";
  get deleted(): DeletedInfo | null {
    return this.problem.deleted ?? null;
  }
}

/** 5xx: the server or its database is in trouble; worth retrying later. */
export class ServerError extends TandemHttpError {
  override name = "ServerError";
}

/** The request never got an HTTP answer (offline, DNS, reset, aborted). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "NetworkError";
  }
}

/**
 * A write got no answer it could trust, and resending it with its Idempotency-Key did not
 * settle whether it was applied: its attempts ran out with every answer lost (the connection
 * broke, a proxy said 502/504, the server 503, the first copy still running), or a resend met a
 * 412 that was not a replay (the first copy may have made that newer version). Retrying blindly
 * could apply the change twice; resending the same call with `idempotencyKey` (within the
 * server's 24 hours) cannot.
 */
export class WriteOutcomeUnknownError extends Error {
  constructor(
    /**
     * The document as it is now, when the client knows it: update() reads it (null if it cannot),
     * a resend's 412 carries it; null for the other writes whose attempts ran out.
     */
    readonly current: Versioned | null,
    cause: unknown,
    /** The key the write was sent with: the same call with it gets the first answer, or is applied once. */
    readonly idempotencyKey: string | null = null,
  ) {
    super("the write got no answer, and resending it did not tell whether it was applied: it may or may not have been", { cause });
    this.name = "WriteOutcomeUnknownError";
  }
}

/**
 * Failures that say nothing about the request itself: worth the same request again later. A 409
 * `idempotency-key-in-use` is one too: the first request with that key is still running.
 */
export function isTransient(error: unknown): error is NetworkError | ServerError | TandemHttpError {
  if (error instanceof NetworkError) return true;
  if (error instanceof ServerError) return error.status === 502 || error.status === 503 || error.status === 504;
  return error instanceof TandemHttpError && error.status === 409 && error.code === "idempotency-key-in-use";
}

/** The error for a non-success answer; `replayed` when it carried `Idempotent-Replayed`. */
export function errorFor(status: number, problem: Problem, etag: string | null, replayed = false): TandemHttpError {
  if (status === 412) return new ConflictError(problem, etag, replayed);
  if (status === 409 && problem.code === "conflict" && problem.current) return new MergeConflictError(problem, etag, replayed);
  if (status === 428) return new PreconditionRequiredError(status, problem, replayed);
  if (status === 404) return new NotFoundError(status, problem, replayed);
  if (status === 410) return new GoneError(status, problem, replayed);
  if (status >= 500) return new ServerError(status, problem, replayed);
  return new TandemHttpError(status, problem, replayed);
}
