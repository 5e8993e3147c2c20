import { ConflictError, GoneError, NotFoundError } from "@tandem/client";
import type { FetchResult, FetchSource, ResultEvent } from "./events.ts";

// The API client's typed errors, as the events the session machine decides on.

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function fetchFailure(source: FetchSource, error: unknown): FetchResult {
  if (error instanceof GoneError) return { type: "fetch-gone", source, deleted: error.deleted };
  if (error instanceof NotFoundError) return { type: "fetch-missing", source };
  return { type: "fetch-failed", source, message: messageOf(error) };
}

/** A refused write (PUT, create or DELETE). */
export function writeFailure(error: unknown): ResultEvent {
  if (error instanceof ConflictError) return error.current ? { type: "refused", current: error.current } : { type: "gone", deleted: error.deleted };
  if (error instanceof GoneError) return { type: "gone", deleted: error.deleted };
  if (error instanceof NotFoundError) return { type: "gone", deleted: null };
  return { type: "failed", message: messageOf(error) };
}
