import { MAX_RETRY_ATTEMPT, RETRY_HEADER } from "@tandem/contract";
import { AppError } from "../errors.ts";

// X-Tandem-Retry: <attempt>, sent by clients on every retried write (2 = the first retry) so
// the server can count write retries. Attempt 1 is not a retry and sends no header.

/** As Node names it in `req.headers`. */
export const RETRY_HEADER_KEY = RETRY_HEADER.toLowerCase();

/**
 * The attempt number, or null without the header. A malformed value is refused like any
 * malformed header (400, the write is not applied): it is a client bug, and a silently
 * ignored one would make the retry metric lie.
 */
export function parseRetryAttempt(raw: string | string[] | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const value = Array.isArray(raw) ? raw.join(",") : raw.trim();
  if (!/^[0-9]{1,4}$/.test(value) || Number(value) < 2 || Number(value) > MAX_RETRY_ATTEMPT) {
    throw new AppError("invalid-header", `${RETRY_HEADER} must be the attempt number of a retried write: an integer from 2 to ${MAX_RETRY_ATTEMPT}.`, {
      header: RETRY_HEADER,
    });
  }
  return Number(value);
}
