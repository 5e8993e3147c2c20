import { ERROR_TITLE, type AppError } from "../errors";

export const PROBLEM_TYPE_BASE = "/problems/";

/** RFC 9457 problem details for an AppError. */
export function problemResponse(error: AppError, instance?: string): Response {
  const body = {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: ERROR_TITLE[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...error.extensions,
  };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...error.headers },
  });
}
