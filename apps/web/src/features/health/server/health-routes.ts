import { json, type ApiRequest } from "../../../platform/http/api-request.ts";
import { isOperator } from "../../../platform/http/operator.ts";
import type { RouteHandlers } from "../../../platform/http/api-handler.ts";
import { checkHealth } from "./check-health.ts";

/** Up or down for anyone (a load balancer needs no more); the detail for operators only. */
async function health(request: ApiRequest) {
  const result = await checkHealth();
  const body = isOperator(request) ? result : { status: result.status };
  return json(body, { status: result.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

/** GET /api/health: database reachable and every migration of this build applied. */
export const healthRoutes: RouteHandlers = { GET: health };
