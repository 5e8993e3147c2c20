// The one wrapper every API request goes through: it owns the method checks (405, OPTIONS),
// authentication (401) and the same-origin rule for cookies (403), the refusal of `?dryRun=true`
// on any write not declared with writeRoute (400: MCP, better-auth), the mapping of errors to
// problem+json, and HEAD. Handlers stay parse → call → respond.
import { AUTH_BASE_PATH, HTTP_METHODS, FALLBACK_METHODS, isValidDocumentId, matchRoute, PUBLIC_ROUTES, TOKEN_ONLY_ROUTES, type Method, type RouteMatch, type RouteName } from "@tandem/contract";
import { AppError, methodNotAllowedError, PROBLEM_HEADERS, toAppError } from "../errors.ts";
import { logger } from "../observability/logger.ts";
import { withRequestContext } from "../observability/request-context.ts";
import type { ApiRequest, ApiResponse } from "./api-request.ts";
import type { Authenticator, Caller } from "./caller.ts";
import { refuseUndeclaredDryRun } from "./dry-run.ts";
import { isSameOriginRequest, isUnsafeMethod } from "./same-origin.ts";

/** Protected routes get the authenticated caller; public ones (PUBLIC_ROUTES) get PUBLIC_CALLER. */
export type ApiHandler = (request: ApiRequest, params: Record<string, string>, caller: Caller) => Promise<ApiResponse> | ApiResponse;

/** Stands for "nobody" on public routes; it holds no rights anywhere. */
export const PUBLIC_CALLER: Caller = Object.freeze({ userId: "", name: "", email: "", isAdmin: false, role: null, via: "token" });

/** A route's handlers by method; OPTIONS and 405 come from the route table. */
export type RouteHandlers = Partial<Record<Exclude<Method, "OPTIONS">, ApiHandler>> & { optionsHeaders?: Record<string, string> };

export type ApiRoutes = Partial<Record<RouteName, RouteHandlers>>;

/** Everything the wrapper serves: the routes, who the caller is, and the accounts endpoints. */
export interface Api {
  routes: ApiRoutes;
  authenticate: Authenticator;
  /** `/api/auth/*` (the authentication library's endpoints), after the same-origin rule. */
  auth(request: ApiRequest): Promise<ApiResponse>;
}

export function isAuthPath(pathname: string): boolean {
  return pathname.startsWith(`${AUTH_BASE_PATH}/`);
}

function crossSite(): AppError {
  return new AppError("forbidden", "This request must come from Tandem's own pages (Origin / Sec-Fetch-Site), or authenticate with a token instead of a cookie.");
}

function sameOrigin(request: ApiRequest): boolean {
  return isSameOriginRequest({ secFetchSite: request.header("sec-fetch-site"), origin: request.header("origin"), host: request.header("host") });
}

/** The document a route names, for the caller's role on it (null: none, or not a possible id). */
function documentIdOf(params: Record<string, string>): string | null {
  const id = params.id;
  return id !== undefined && isValidDocumentId(id) ? id : null;
}

export function problemOf(error: AppError, instance?: string, requestId?: string): ApiResponse {
  return { status: error.status, headers: { ...PROBLEM_HEADERS, ...error.headers }, body: JSON.stringify(error.toProblem(instance, requestId)) };
}

/** Percent-decoded path parameters; the Node server has already refused undecodable paths. */
function decodedParams(match: RouteMatch): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(match.params)) params[name] = raw.includes("%") ? decodeURIComponent(raw) : raw;
  return params;
}

/** The request as a token-only route authenticates it: a cookie alone is no credential there. */
function withoutCookie(request: ApiRequest): Pick<ApiRequest, "header"> {
  return { header: (name) => (name === "cookie" ? null : request.header(name)) };
}

async function dispatch(api: Api, request: ApiRequest): Promise<ApiResponse> {
  const { routes } = api;
  if (isAuthPath(request.pathname)) {
    if (isUnsafeMethod(request.method) && !sameOrigin(request)) throw crossSite();
    // The authentication library's writes cannot do a dry run: refused, never done for real.
    if (isUnsafeMethod(request.method)) refuseUndeclaredDryRun(null, request);
    return api.auth(request);
  }
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
  // Before anything runs (authentication included): a write that cannot do a dry run refuses one.
  if (isUnsafeMethod(method)) refuseUndeclaredDryRun(handler, request);
  const params = decodedParams(match);
  if (PUBLIC_ROUTES.has(match.name)) return handler(request, params, PUBLIC_CALLER);
  const credentials = TOKEN_ONLY_ROUTES.has(match.name) ? withoutCookie(request) : request;
  const caller = await api.authenticate(credentials, documentIdOf(params));
  if (caller.via === "session" && isUnsafeMethod(method) && !sameOrigin(request)) throw crossSite();
  return handler(request, params, caller);
}

/** Answers one API request; never throws. */
export async function handleApiRequest(api: Api, request: ApiRequest): Promise<ApiResponse> {
  let response: ApiResponse;
  try {
    response = await withRequestContext(request.requestId, () => dispatch(api, request));
  } catch (thrown) {
    const error = toAppError(thrown);
    if (error.code === "internal" || error.code === "service-unavailable") {
      logger().error({ reqId: request.requestId, err: thrown, code: error.code }, `${request.method} ${request.pathname} failed`);
    }
    response = problemOf(error, request.pathname, request.requestId);
  }
  return request.method === "HEAD" ? { ...response, body: null } : response;
}
