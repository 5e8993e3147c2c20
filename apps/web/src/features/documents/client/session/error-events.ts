import { ConflictError, GoneError, MergeConflictError, NotFoundError, TandemHttpError } from "@tandem/client";
import { CONFLICT_ID_FIELD } from "@/features/documents/client/conflict-headers.ts";
import type { FetchResult, FetchSource, ResultEvent } from "./events.ts";

// The API client's typed errors, as the events the session machine decides on.

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** 401: no session (it expired, or the user signed out in another tab). */
function isUnauthorized(error: unknown): boolean {
  return error instanceof TandemHttpError && error.status === 401;
}

export function fetchFailure(source: FetchSource, error: unknown): FetchResult {
  if (isUnauthorized(error)) return { type: "fetch-unauthorized", source };
  if (error instanceof GoneError) return { type: "fetch-gone", source, deleted: error.deleted };
  if (error instanceof NotFoundError) return { type: "fetch-missing", source };
  return { type: "fetch-failed", source, message: messageOf(error) };
}

/** A refused write (PUT, create or DELETE). */
export function writeFailure(error: unknown): ResultEvent {
  if (isUnauthorized(error)) return { type: "unauthorized" };
  // A save the server could not merge (409) goes the way of a 412: the browser merges the same
  // three sides, which is what the dialog shows.
  if (error instanceof ConflictError || error instanceof MergeConflictError) {
    if (!error.current) return { type: "gone", deleted: error instanceof ConflictError ? error.deleted : null };
    const refusalId = error.problem[CONFLICT_ID_FIELD];
    return { type: "refused", current: error.current, ...(typeof refusalId === "string" && refusalId ? { refusalId } : {}) };
  }
  if (error instanceof GoneError) return { type: "gone", deleted: error.deleted };
  if (error instanceof NotFoundError) return { type: "gone", deleted: null };
  return { type: "failed", message: messageOf(error) };
}

/** A failed read of an old revision (the base a stale draft is merged from). */
export function revisionFailure(error: unknown): ResultEvent {
  return isUnauthorized(error) ? { type: "unauthorized" } : { type: "revision-failed" };
}
