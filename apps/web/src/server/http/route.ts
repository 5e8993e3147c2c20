// The one wrapper every API route goes through: it owns precondition parsing, the mapping of
// errors to problem+json, and the validator headers. Handlers stay parse → call → respond.
import { formatHttpDate, parsePreconditions, PreconditionSyntaxError, type Preconditions } from "@tandem/http-preconditions";
import { env } from "../env";
import { AppError, methodNotAllowedError, toAppError } from "../errors";
import { etagHeader } from "../documents/view";
import { logger } from "../observability/logger";
import { REQUEST_ID_HEADER, requestIdFrom } from "../observability/request-id";
import { problemResponse } from "./problem";

type Params = Record<string, string | string[] | undefined>;
type Handler<P extends Params> = (request: Request, params: P) => Promise<Response> | Response;

export function route<P extends Params>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      return await handler(request, await context.params);
    } catch (thrown) {
      const error = toAppError(thrown);
      // The Node server sets the id before Next sees the request; `next dev` has none.
      const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
      if (error.code === "internal" || error.code === "service-unavailable") {
        logger(env().LOG_LEVEL).error({ reqId: requestId, err: thrown, code: error.code }, `${request.method} ${new URL(request.url).pathname} failed`);
      }
      const response = problemResponse(error, new URL(request.url).pathname, requestId);
      return request.method === "HEAD" ? new Response(null, { status: response.status, headers: response.headers }) : response;
    }
  };
}

export function preconditionsOf(request: Request): Preconditions {
  try {
    return parsePreconditions((name) => request.headers.get(name));
  } catch (error) {
    if (error instanceof PreconditionSyntaxError) {
      throw new AppError("invalid-precondition", `${error.message}. Entity-tags are quoted, e.g. If-Match: "3.xyz", and "*" stands alone.`, { header: error.header });
    }
    throw error;
  }
}

/** Validator and cache headers of one document state. */
export function validatorHeaders(state: { etag: string; updatedAt: Date }): Record<string, string> {
  return {
    ETag: etagHeader(state.etag),
    "Last-Modified": formatHttpDate(state.updatedAt),
    // Any cache must revalidate before reuse: a stale copy is how edits get lost.
    "Cache-Control": "private, no-cache",
  };
}

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json; charset=utf-8", ...init.headers },
  });
}

export function methodNotAllowed(allow: readonly string[]) {
  return route(async (request) => {
    throw methodNotAllowedError(request.method, allow);
  });
}

export function options(allow: readonly string[], extra: Record<string, string> = {}) {
  return () => new Response(null, { status: 204, headers: { Allow: allow.join(", "), ...extra } });
}
