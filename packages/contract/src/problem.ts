import type { DeletedInfo, DocumentView } from "./document.ts";

// One table from problem code to HTTP status (RFC 9457 bodies carry the code in `code`).

export const ERROR_STATUS = {
  "bad-request": 400,
  "invalid-json": 400,
  "invalid-precondition": 400,
  "invalid-header": 400,
  "invalid-diff": 400,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  "method-not-allowed": 405,
  "misdirected-request": 421,
  conflict: 409,
  "idempotency-key-in-use": 409,
  "patch-does-not-apply": 409,
  gone: 410,
  "precondition-failed": 412,
  "payload-too-large": 413,
  "unsupported-media-type": 415,
  "validation-failed": 422,
  "idempotency-key-mismatch": 422,
  "too-many-requests": 429,
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
  "invalid-diff": "Request body is not a usable unified diff",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  "not-found": "Not Found",
  "method-not-allowed": "Method Not Allowed",
  "misdirected-request": "Misdirected Request",
  conflict: "Conflict",
  "idempotency-key-in-use": "A request with this Idempotency-Key is still being processed",
  "patch-does-not-apply": "A hunk of the diff does not apply",
  gone: "Gone",
  "precondition-failed": "Precondition Failed",
  "payload-too-large": "Content Too Large",
  "unsupported-media-type": "Unsupported Media Type",
  "validation-failed": "Validation failed",
  "idempotency-key-mismatch": "Idempotency-Key reused for a different request",
  "too-many-requests": "Too Many Requests",
  "precondition-required": "Precondition Required",
  "service-unavailable": "Service Unavailable",
  internal: "Internal Server Error",
};

export const PROBLEM_TYPE_BASE = "/problems/";
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** RFC 9457 problem details as Tandem sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  current?: DocumentView | null;
  deleted?: DeletedInfo;
  [extension: string]: unknown;
}
