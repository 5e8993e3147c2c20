// What an accounts request answered when it failed: problem+json (`{code, detail}`, 429 with
// `Retry-After`); for the library's refusals its own code is in `authCode`. A bare
// `{code, message}` is read too.

export class AccountsApiError extends Error {
  constructor(
    /** 0 when the request got no HTTP answer (offline, reset). */
    readonly status: number,
    readonly code: string | null,
    message: string,
    /** Seconds until another attempt may succeed (429), when the server said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "AccountsApiError";
  }
}

/** The session is missing or expired. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof AccountsApiError && error.status === 401;
}

/** Seconds from a Retry-After value: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function field(body: unknown, name: string): string | null {
  if (typeof body !== "object" || body === null) return null;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === "string" && value.trim() ? value : null;
}

export async function errorFromResponse(res: Response): Promise<AccountsApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* no JSON body: the status says enough */
  }
  const message = field(body, "detail") ?? field(body, "message") ?? field(body, "title") ?? `HTTP ${res.status}`;
  const retryAfter = parseRetryAfter(res.headers.get("retry-after") ?? res.headers.get("x-retry-after"));
  // Tandem keeps the library's own code of a refusal in `authCode`.
  return new AccountsApiError(res.status, field(body, "authCode") ?? field(body, "code"), message, retryAfter);
}
