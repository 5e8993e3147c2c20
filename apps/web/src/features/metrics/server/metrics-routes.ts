import { AppError } from "../../../platform/errors.ts";
import type { RouteHandlers } from "../../../platform/http/api-handler.ts";
import { isOperator } from "../../../platform/http/operator.ts";
import type { HttpMetrics } from "../../../platform/observability/http-metrics.ts";

/** The Prometheus text of this instance's registry. */
export async function metricsText(metrics: HttpMetrics) {
  return {
    status: 200,
    headers: { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" },
    body: await metrics.registry.metrics(),
  };
}

/**
 * GET /api/metrics on the app's port: for operators only (TANDEM_METRICS_TOKEN). Anyone else
 * gets the 404 of a path that does not exist: traffic per route, process limits and versions
 * are nobody else's business. The credential-free way is the METRICS_PORT listener.
 */
export function metricsRoutes(metrics: HttpMetrics): RouteHandlers {
  return {
    GET: async (request) => {
      if (!isOperator(request)) throw new AppError("not-found", `No API resource at ${request.pathname}.`);
      return metricsText(metrics);
    },
  };
}
