// The one wrapper every API request goes through: it owns the method checks (405, OPTIONS),
// the mapping of errors to problem+json, and HEAD. Handlers stay parse → call → respond.
import { HTTP_METHODS, FALLBACK_METHODS, matchRoute, type Method, type RouteMatch, type RouteName } from "@tandem/contract";
import { AppError, methodNotAllowedError, PROBLEM_HEADERS, toAppError } from "../errors.ts";
import { logger } from "../observability/logger.ts";
import type { ApiRequest, ApiResponse } from "./api-request.ts";

export type ApiHandler = (request: ApiRequest, params: Record<string, string>) => Promise<ApiResponse> | ApiResponse;

/** A route's handlers by method; OPTIONS and 405 come from the route table. */
export type RouteHandlers = Partial<Record<Exclude<Method, "OPTIONS">, ApiHandler>> & { optionsHeaders?: Record<string, string> };

export type ApiRoutes = Partial<Record<RouteName, RouteHandlers>>;

export function problemOf(error: AppError, instance?: string, requestId?: string): ApiResponse {
  return { status: error.status, headers: { ...PROBLEM_HEADERS, ...error.headers }, body: JSON.stringify(error.toProblem(instance, requestId)) };
}

/** Percent-decoded path parameters; the Node server has already refused undecodable paths. */
function decodedParams(match: RouteMatch): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(match.params)) params[name] = raw.includes("%") ? decodeURIComponent(raw) : raw;
  return params;
}

async function dispatch(routes: ApiRoutes, request: ApiRequest): Promise<ApiResponse> {
  const match = matchRoute(request.pathname);
  const handlers = match && routes[match.name];
  const method = request.method;
  if (!match || !handlers) {
    if (!HTTP_METHODS.has(method)) throw methodNotAllowedError(method, FALLBACK_METHODS);
    throw new AppError("not-found", `No API resource at ${request.pathname}.`);
  }
  if (method === "OPTIONS") return { status: 204, headers: { Allow: match.methods.join(", "), ...handlers.optionsHeaders }, body: null };
  // HEAD is GET without the body unless a route answers it more cheaply itself.
  const handler = match.methods.includes(method as Method) ? (handlers[method as Exclude<Method, "OPTIONS">] ?? (method === "HEAD" ? handlers.GET : undefined)) : undefined;
  if (!handler) throw methodNotAllowedError(method, match.methods);
  return handler(request, decodedParams(match));
}

/** Answers one API request; never throws. */
export async function handleApiRequest(routes: ApiRoutes, request: ApiRequest): Promise<ApiResponse> {
  let response: ApiResponse;
  try {
    response = await dispatch(routes, request);
  } catch (thrown) {
    const error = toAppError(thrown);
    if (error.code === "internal" || error.code === "service-unavailable") {
      logger().error({ reqId: request.requestId, err: thrown, code: error.code }, `${request.method} ${request.pathname} failed`);
    }
    response = problemOf(error, request.pathname, request.requestId);
  }
  return request.method === "HEAD" ? { ...response, body: null } : response;
}
