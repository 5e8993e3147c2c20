// One table from error code to HTTP status, one error class; everything the API refuses is
// an AppError by the time it reaches the route wrapper (or the Node server's own answers).
// No imports: the Node server (compiled by tsc) and Next's bundle both load this module.

export const ERROR_STATUS = {
  "bad-request": 400,
  "invalid-json": 400,
  "invalid-precondition": 400,
  "invalid-header": 400,
  "not-found": 404,
  "method-not-allowed": 405,
  conflict: 409,
  gone: 410,
  "precondition-failed": 412,
  "payload-too-large": 413,
  "unsupported-media-type": 415,
  "validation-failed": 422,
  "precondition-required": 428,
  "service-unavailable": 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLE: Record<ErrorCode, string> = {
  "bad-request": "Bad Request",
  "invalid-json": "Request body is not valid JSON",
  "invalid-precondition": "Malformed precondition header",
  "invalid-header": "Invalid header",
  "not-found": "Not Found",
  "method-not-allowed": "Method Not Allowed",
  conflict: "Conflict",
  gone: "Gone",
  "precondition-failed": "Precondition Failed",
  "payload-too-large": "Content Too Large",
  "unsupported-media-type": "Unsupported Media Type",
  "validation-failed": "Validation failed",
  "precondition-required": "Precondition Required",
  "service-unavailable": "Service Unavailable",
  internal: "Internal Server Error",
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    /** Extra members of the problem body (RFC 9457 extensions). */
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** RFC 9457 members; `requestId` lets a user's report be found in the logs. */
  toProblem(instance?: string, requestId?: string): Record<string, unknown> {
    return {
      type: `${PROBLEM_TYPE_BASE}${this.code}`,
      title: ERROR_TITLE[this.code],
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...(requestId ? { requestId } : {}),
      ...this.extensions,
    };
  }
}

/** 405 with the Allow header, from the route handlers and from the Node server alike. */
export function methodNotAllowedError(method: string | undefined, allow: readonly string[]): AppError {
  return new AppError("method-not-allowed", `${method} is not supported here. Allowed: ${allow.join(", ")}.`, { allow }, { Allow: allow.join(", ") });
}

function unavailable(): AppError {
  return new AppError("service-unavailable", "The database is unreachable; retry shortly.", {}, { "Retry-After": "1" });
}

export const PROBLEM_TYPE_BASE = "/problems/";
export const PROBLEM_HEADERS = { "Content-Type": "application/problem+json", "Cache-Control": "no-store" } as const;

function prismaCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") return error.code;
  return undefined;
}

/** Connection-level failures: the database is down or unreachable, not the request's fault. */
const UNAVAILABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|timeout|terminat|Connection|SQLITE_BUSY|database is locked|too many clients/i;

/** Maps anything thrown below the route wrapper to an AppError; never leaks internals. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = prismaCode(error);
  if (code === "P2025") return new AppError("not-found", "The document does not exist.");
  if (code === "P2002") return new AppError("conflict", "A record with this identity already exists.");
  if (code === "P1001" || code === "P1002" || code === "P1017" || code === "P2024") return unavailable();
  const message = error instanceof Error ? error.message : String(error);
  if (UNAVAILABLE.test(message) || (error instanceof Error && UNAVAILABLE.test(String(error.cause ?? "")))) return unavailable();
  return new AppError("internal", "An unexpected error occurred.");
}
