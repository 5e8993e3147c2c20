import type { RouteHandlers } from "../../../platform/http/api-handler.ts";
import type { HttpMetrics } from "../../../platform/observability/http-metrics.ts";

/** GET /api/metrics: the Prometheus text of this instance's registry. */
export function metricsRoutes(metrics: HttpMetrics): RouteHandlers {
  return {
    GET: async () => ({
      status: 200,
      headers: { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" },
      body: await metrics.registry.metrics(),
    }),
  };
}
