import type http from "node:http";
import { performance } from "node:perf_hooks";
import { DRY_RUN_HEADER, HTTP_METHODS, isApiPath } from "@tandem/contract";
import { AppError, methodNotAllowedError, toAppError } from "../errors.ts";
import { allowedMethods } from "../http/allowed-methods.ts";
import type { AllowedHosts } from "../http/allowed-hosts.ts";
import { SECURITY_HEADERS } from "../http/security-headers.ts";
import { handleApiRequest, type Api } from "../http/api-handler.ts";
import { nodeApiRequest, writeNodeResponse } from "../http/node-adapter.ts";
import { parseRetryAttempt, RETRY_HEADER_KEY } from "../http/retry-header.ts";
import type { HttpMetrics } from "../observability/http-metrics.ts";
import { writeAccessLine } from "../observability/access-log.ts";
import { logger } from "../observability/logger.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "../observability/request-id.ts";
import { routeLabel } from "../observability/route-label.ts";
import { sendProblem } from "./send-problem.ts";

export type NextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** Where a page request must go instead (signed out → sign-in), or null to render it. */
export type PageGate = (pathname: string, url: string, cookieHeader: string | undefined) => Promise<string | null>;

export interface RequestListener {
  listener: http.RequestListener;
  /** Requests being answered right now. */
  inFlight(): number;
  /** From now on every response closes its connection: nothing stays open for new requests. */
  drain(): void;
}

/**
 * The request's path, or null when it cannot be percent-decoded (Next would answer 500). A
 * plain origin-form path is taken as it is; anything unusual (absolute form, dot segments,
 * backslashes) is normalised by the URL parser first.
 */
function decodablePathname(url = "/"): string | null {
  const query = url.indexOf("?");
  let pathname = query === -1 ? url : url.slice(0, query);
  try {
    if (!pathname.startsWith("/") || /[.\\#]/.test(pathname)) pathname = new URL(url, "http://localhost").pathname;
    if (pathname.includes("%")) decodeURIComponent(pathname);
    return pathname;
  } catch {
    return null;
  }
}

/**
 * Everything the Node server does for every request: a request id (kept from the client or
 * proxy when sane, else new) on the request and on the response; one JSON log line and the
 * metrics when the response is over; 405 for methods no route takes, 400 for undecodable paths
 * and malformed X-Tandem-Retry. Then `/api/*` goes straight to the API handlers — no page
 * routing on the hot path — and everything else to Next.
 */
export function createRequestListener(next: NextHandler, api: Api, metrics: HttpMetrics, hosts: () => AllowedHosts, gate: PageGate = async () => null): RequestListener {
  const open = new Set<http.ServerResponse>();
  let draining = false;

  const listener: http.RequestListener = (req, res) => {
    const started = performance.now();
    const log = logger();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    const pathname = decodablePathname(req.url);
    let retryAttempt: number | null = null;
    open.add(res);
    metrics.started();
    if (log.isLevelEnabled("debug")) log.debug({ reqId: requestId, method: req.method, url: req.url }, "request received");

    // Once per request, when its response is complete (status) or the client has gone (null).
    const finish = (status: number | null, dryRun = false) => {
      open.delete(res);
      const seconds = (performance.now() - started) / 1000;
      const route = routeLabel(pathname ?? "");
      metrics.observe({
        pathname: pathname ?? "",
        route,
        method: req.method,
        status,
        seconds,
        ifMatch: req.headers["if-match"],
        ifNoneMatch: req.headers["if-none-match"],
        retryAttempt,
        dryRun,
      });
      writeAccessLine(log, {
        reqId: requestId,
        method: req.method,
        url: req.url,
        route,
        status: status ?? "aborted",
        ms: Math.round(seconds * 10_000) / 10,
        retryAttempt,
      });
    };

    try {
      if (!hosts().allows(req.headers.host)) {
        throw new AppError("misdirected-request", "This server does not answer for that host name. Reach it by one of its configured names (TANDEM_PUBLIC_URL, TANDEM_ALLOWED_HOSTS).");
      }
      if (!HTTP_METHODS.has(req.method ?? "")) {
        throw methodNotAllowedError(req.method, allowedMethods(pathname ?? "/"));
      }
      if (pathname === null) throw new AppError("bad-request", "The request path has a malformed percent-encoding.");
      retryAttempt = parseRetryAttempt(req.headers[RETRY_HEADER_KEY]);
    } catch (error) {
      handOff(req, res, requestId, finish);
      return sendProblem(req, res, toAppError(error), pathname ?? undefined, requestId);
    }
    if (isApiPath(pathname)) {
      // The API's own path: the id and the drain go in with the response's headers, and the
      // request is accounted for as soon as its response is written.
      const request = nodeApiRequest(req, pathname, requestId);
      return void handleApiRequest(api, request).then((response) => {
        // The API reference page brings its own policy (it runs scripts); all else is data.
        const policy = response.headers["Content-Security-Policy"];
        Object.assign(response.headers, SECURITY_HEADERS);
        if (policy) response.headers["Content-Security-Policy"] = policy;
        response.headers["X-Request-Id"] = requestId;
        if (draining) response.headers.Connection = "close";
        writeNodeResponse(req, res, response, request.abandoned);
        // A stream is accounted for when it ends (its duration is the connection's).
        if (response.stream) res.once("close", () => finish(response.status));
        else finish(req.socket.destroyed ? null : response.status, response.headers[DRY_RUN_HEADER] === "true");
      });
    }
    handOff(req, res, requestId, finish);
    gate(pathname, req.url ?? "/", req.headers.cookie)
      .then((location) => {
        if (location === null) return next(req, res);
        // 303: whatever the method, the browser follows with a GET.
        res.writeHead(303, { Location: location, "Cache-Control": "no-store" }).end();
      })
      .catch((error: unknown) => {
        log.error({ reqId: requestId, err: error }, "the request handler failed");
        if (!res.headersSent) sendProblem(req, res, new AppError("internal", "An unexpected error occurred."), pathname, requestId);
        else res.destroy();
      });
  };

  /** A response written by someone else (Next, the problem writer): accounted for when it closes. */
  function handOff(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, finish: (status: number | null) => void) {
    req.headers[REQUEST_ID_HEADER] = requestId;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader("X-Request-Id", requestId);
    if (draining) res.setHeader("Connection", "close");
    res.once("close", () => finish(res.writableFinished ? res.statusCode : null));
  }

  return {
    listener,
    inFlight: () => open.size,
    drain() {
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader("Connection", "close");
    },
  };
}
