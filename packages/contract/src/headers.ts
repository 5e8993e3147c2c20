// Header names and media types both ends rely on. Header names are matched case-insensitively;
// these are the spellings the client sends.

/** Sent by clients on every retried write: its attempt number (2 = the first retry). */
export const RETRY_HEADER = "X-Tandem-Retry";
/** The largest attempt number the server accepts in RETRY_HEADER, and so the client's cap. */
export const MAX_RETRY_ATTEMPT = 1000;

/** Kept from a proxy or client when sane, else made up; echoed on every response. */
export const REQUEST_ID_HEADER = "X-Request-Id";

/** An optional display name for the change, until accounts exist. */
export const AUTHOR_HEADER = "X-Author";

/** RFC 7240: `Prefer: merge` asks a stale write to be merged on the server instead of refused. */
export const PREFER_HEADER = "Prefer";
export const PREFERENCE_APPLIED_HEADER = "Preference-Applied";
export const MERGE_PREFERENCE = "merge";

export const JSON_MEDIA_TYPE = "application/json";
/** PATCH takes a JSON merge patch (RFC 7396). */
export const MERGE_PATCH_MEDIA_TYPE = "application/merge-patch+json";
/** PATCH also takes a unified diff (`diff -u`, `git diff`) of the content against the If-Match version. */
export const DIFF_MEDIA_TYPE = "text/x-diff";

/** `?dryRun=true` on a write: decide everything, store nothing; the answer carries this header. */
export const DRY_RUN_PARAM = "dryRun";
export const DRY_RUN_HEADER = "Tandem-Dry-Run";

/**
 * draft-ietf-httpapi-idempotency-key-header: a write carrying a key is applied once; a retry
 * with the same key and the same request within IDEMPOTENCY_KEY_TTL_HOURS gets the first
 * answer again, marked with IDEMPOTENT_REPLAY_HEADER.
 */
export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const IDEMPOTENT_REPLAY_HEADER = "Idempotent-Replayed";
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** The query parameters of a list (GET /api/documents, …/revisions). */
export const LIST_PARAMS = { query: "q", limit: "limit", cursor: "cursor", order: "order" } as const;

/** `?order=` of a document's revisions: `oldest` first (the default) or `newest` first. */
export const REVISION_ORDERS = ["oldest", "newest"] as const;
export type RevisionOrder = (typeof REVISION_ORDERS)[number];

/** `Link: <url>; rel="next"` (RFC 8288) of a page that has a next one. */
export function nextLinkHeader(url: string): string {
  return `<${url}>; rel="next"`;
}

/** The URL of the `rel="next"` link of a Link header, or null. */
export function nextLinkOf(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2]!)) return match[1]!;
  }
  return null;
}
