import { json } from "../../../platform/http/api-request.ts";
import type { RouteHandlers } from "../../../platform/http/api-handler.ts";
import { checkHealth } from "./check-health.ts";

async function health() {
  const result = await checkHealth();
  return json(result, { status: result.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

/** GET /api/health: database reachable and every migration of this build applied. */
export const healthRoutes: RouteHandlers = { GET: health };
