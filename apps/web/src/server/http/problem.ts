import { PROBLEM_HEADERS, type AppError } from "../errors";

export { PROBLEM_TYPE_BASE } from "../errors";

/** RFC 9457 problem details for an AppError. */
export function problemResponse(error: AppError, instance?: string, requestId?: string): Response {
  return new Response(JSON.stringify(error.toProblem(instance, requestId)), {
    status: error.status,
    headers: { ...PROBLEM_HEADERS, ...error.headers },
  });
}
