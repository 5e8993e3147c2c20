// One error class; everything the API refuses is an AppError by the time it reaches the
// handler wrapper (or the Node server's own answers). The code → status table is the contract's.
import { ERROR_STATUS, ERROR_TITLE, PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, type ErrorCode } from "@tandem/contract";

export type { ErrorCode };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  /** Extra members of the problem body (RFC 9457 extensions). */
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, detail: string, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    // A refusal is an answer, not a bug: no stack trace (capturing one cost more than the
    // rest of a 404). Failures keep theirs: toAppError() logs the original error.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail);
    Error.stackTraceLimit = limit;
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    this.extensions = extensions;
    this.headers = headers;
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

export function unavailableError(): AppError {
  return new AppError("service-unavailable", "The database is unreachable; retry shortly.", {}, { "Retry-After": "1" });
}

export const PROBLEM_HEADERS = { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store" } as const;

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
  if (code === "P1001" || code === "P1002" || code === "P1017" || code === "P2024") return unavailableError();
  const message = error instanceof Error ? error.message : String(error);
  if (UNAVAILABLE.test(message) || (error instanceof Error && UNAVAILABLE.test(String(error.cause ?? "")))) return unavailableError();
  return new AppError("internal", "An unexpected error occurred.");
}
