import { MAX_RETRY_ATTEMPT } from "@tandem/contract";
export interface RetryOptions {
  /** Attempts in all, the first included. Default 8. */
  maxAttempts?: number;
  /** First backoff ceiling in ms; doubles per attempt. Default 20. */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms. Default 1000. */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Injectable randomness, for tests. */
  random?: () => number;
}

/**
 * The largest attempt number a write may reach (update()'s cycles, or any write's resends):
 * retried writes report their attempt in X-Tandem-Retry, which the server accepts up to this
 * bound. Beyond it a document is not contended but livelocked, and more retries would not help.
 */
export const MAX_ATTEMPTS = MAX_RETRY_ATTEMPT;

/** "Full jitter": a uniform delay in [0, min(max, base · 2^attempt)). */
export function fullJitterDelay(attempt: number, { baseDelayMs = 20, maxDelayMs = 1000, random = Math.random }: RetryOptions = {}): number {
  return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
