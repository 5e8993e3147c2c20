import { ConflictError, isTransient } from "./errors.ts";

// What a write does once an attempt has ended: stop with the answer, resend the same request,
// write anew, or give up. Pure; the two runners in client.ts (update()'s read-modify-write, and
// the one every other write goes through) only carry out its answer.

/** How one attempt of a write ended. */
export type AttemptOutcome =
  /** A 2xx: the write's answer. A replay of the first copy's answer (`Idempotent-Replayed`) is as good. */
  | { kind: "answered" }
  /**
   * A 412 carrying the document as it is now. `replayed`: it is the answer the first request
   * with this Idempotency-Key got (`Idempotent-Replayed`), so it is this write's own answer.
   */
  | { kind: "stale"; replayed: boolean }
  /** Any other answer (or an error of the caller's: an abort, a bad argument): final. */
  | { kind: "refused" }
  /**
   * Sent, and no answer came: the connection broke (before or after the server applied it), a
   * proxy said 502/504, the server 503, or the first copy with this key is still running (409
   * `idempotency-key-in-use`). The write may or may not have been applied.
   */
  | { kind: "lost" }
  /** update() only: its read failed (network, 502/503/504), so no write was sent. */
  | { kind: "unsent" };

export interface AttemptState {
  /** The attempt that just ended, from 1. */
  attempt: number;
  maxAttempts: number;
  /** An earlier attempt sent this same request (same key, same bytes) and got no answer. */
  resending: boolean;
  /** update(): a 412 is met by applying the change to the newer state and writing that (a new request with a new key). */
  rebases: boolean;
}

export type NextStep =
  /** The answer is the write's: return it. */
  | "return"
  /** The answer is the write's, and an error: throw it. */
  | "throw"
  /** After a backoff, the same request again: the same Idempotency-Key, the same bytes. */
  | "resend"
  /** update(): after a backoff, a new write (a new key) against the newer state, read again if not known. */
  | "rewrite"
  /** RetriesExhaustedError: every attempt met a newer version or failed before writing; nothing was applied. */
  | "give-up"
  /** The write may or may not have been applied: WriteOutcomeUnknownError (update() first asks `applied`). */
  | "unknown";

export function nextStep(state: AttemptState, outcome: AttemptOutcome): NextStep {
  const more = state.attempt < state.maxAttempts;
  switch (outcome.kind) {
    case "answered":
      return "return";
    case "refused":
      return "throw";
    case "stale":
      // A fresh 412 to a resent request: the first copy's instance died before it could keep its
      // answer, the key was taken over, and this 412 may be the first copy's own doing.
      if (state.resending && !outcome.replayed) return "unknown";
      if (!state.rebases) return "throw";
      return more ? "rewrite" : "give-up";
    case "lost":
      return more ? "resend" : "unknown";
    case "unsent":
      if (state.resending) return more ? "resend" : "unknown";
      return more ? "rewrite" : "give-up";
  }
}

/** How a write's attempt that threw ended (one that returned was "answered"). */
export function outcomeOf(error: unknown): AttemptOutcome {
  if (error instanceof ConflictError && error.current) return { kind: "stale", replayed: error.replayed };
  return isTransient(error) ? { kind: "lost" } : { kind: "refused" };
}
