import type http from "node:http";
import { performance } from "node:perf_hooks";
import { AppError, methodNotAllowedError, toAppError } from "../errors.js";
import { allowedMethods, ALLOWED, ROUTABLE_METHODS } from "../http/allowed-methods.js";
import { parseRetryAttempt, RETRY_HEADER } from "../http/retry-header.js";
import type { HttpMetrics } from "../observability/http-metrics.js";
import { logger } from "../observability/logger.js";
import { REQUEST_ID_HEADER, requestIdFrom } from "../observability/request-id.js";
import { routeLabel } from "../observability/route-label.js";
import { sendProblem } from "./send-problem.js";

export type NextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export interface RequestListener {
  listener: http.RequestListener;
  /** Requests being answered right now. */
  inFlight(): number;
  /** From now on every response closes its connection: nothing stays open for new requests. */
  drain(): void;
}

/** The request's path, or null when Next could not percent-decode it (it would answer 500). */
function decodablePathname(url: string | undefined): string | null {
  try {
    const { pathname } = new URL(url ?? "/", "http://localhost");
    decodeURIComponent(pathname);
    return pathname;
  } catch {
    return null;
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * Everything the Node server does around Next, for every request: a request id (kept from the
 * client or proxy when sane, else new) on the request — so route handlers log and report it —
 * and on the response; one JSON log line and the metrics when the response is over; answers
 * Next cannot give (405 for methods it cannot represent, 400 for undecodable paths and
 * malformed X-Tandem-Retry) and GET /api/metrics.
 */
export function createRequestListener(next: NextHandler, metrics: HttpMetrics): RequestListener {
  const open = new Set<http.ServerResponse>();
  let draining = false;

  const listener: http.RequestListener = (req, res) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader("X-Request-Id", requestId);
    if (draining) res.setHeader("Connection", "close");
    const pathname = decodablePathname(req.url);
    let retryAttempt: number | null = null;
    open.add(res);
    metrics.started();
    logger().debug({ reqId: requestId, method: req.method, url: req.url }, "request received");

    res.once("close", () => {
      open.delete(res);
      const status = res.writableFinished ? res.statusCode : null;
      const seconds = (performance.now() - started) / 1000;
      metrics.observe({
        pathname: pathname ?? "",
        method: req.method,
        status,
        seconds,
        ifMatch: header(req, "if-match"),
        ifNoneMatch: header(req, "if-none-match"),
        retryAttempt,
      });
      const line = {
        reqId: requestId,
        method: req.method,
        url: req.url,
        route: routeLabel(pathname ?? ""),
        status: status ?? "aborted",
        ms: Math.round(seconds * 10_000) / 10,
        ...(retryAttempt !== null ? { retryAttempt } : {}),
      };
      if (status === null || status >= 500) logger().warn(line, "request");
      else logger().info(line, "request");
    });

    try {
      if (!ROUTABLE_METHODS.has(req.method ?? "")) {
        throw methodNotAllowedError(req.method, allowedMethods(pathname ?? "/"));
      }
      if (pathname === null) throw new AppError("bad-request", "The request path has a malformed percent-encoding.");
      retryAttempt = parseRetryAttempt(req.headers[RETRY_HEADER]);
      if (routeLabel(pathname) === "/api/metrics") return void serveMetrics(req, res, metrics, requestId);
    } catch (error) {
      return sendProblem(req, res, toAppError(error), pathname ?? undefined, requestId);
    }
    next(req, res).catch((error: unknown) => {
      logger().error({ reqId: requestId, err: error }, "the request handler failed");
      if (!res.headersSent) sendProblem(req, res, new AppError("internal", "An unexpected error occurred."), pathname, requestId);
      else res.destroy();
    });
  };

  return {
    listener,
    inFlight: () => open.size,
    drain() {
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader("Connection", "close");
    },
  };
}

async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse, metrics: HttpMetrics, requestId: string): Promise<void> {
  const allow = ALLOWED.readOnly;
  if (req.method === "OPTIONS") {
    res.writeHead(204, { Allow: allow.join(", ") }).end();
    return void req.resume();
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    return sendProblem(req, res, methodNotAllowedError(req.method, allow), "/api/metrics", requestId);
  }
  try {
    const text = await metrics.registry.metrics();
    res.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : text);
  } catch (error) {
    logger().error({ reqId: requestId, err: error }, "collecting metrics failed");
    sendProblem(req, res, new AppError("internal", "Collecting the metrics failed."), "/api/metrics", requestId);
  }
  req.resume();
}
