import { accountRoutes } from "./features/accounts/server/account-routes.ts";
import { authEndpoint } from "./features/accounts/server/auth-endpoint.ts";
import { authenticate } from "./features/accounts/server/authenticate.ts";
import { apiReferenceRoutes } from "./features/api-reference/server/api-reference-routes.ts";
import { mcpRoutes } from "./features/mcp/server/mcp-routes.ts";
import { activityRoutes } from "./features/audit/server/activity-routes.ts";
import { documentRoutes } from "./features/documents/server/document-routes.ts";
import { healthRoutes } from "./features/health/server/health-routes.ts";
import { memberRoutes } from "./features/sharing/server/member-routes.ts";
import { liveRoutes } from "./features/live/server/live-routes.ts";
import type { Api, ApiRoutes } from "./platform/http/api-handler.ts";

/** Every API route of the app, by the contract's route names. */
export const apiRoutes: ApiRoutes = { ...documentRoutes, ...memberRoutes, ...accountRoutes, ...activityRoutes, ...liveRoutes, ...apiReferenceRoutes, ...mcpRoutes, health: healthRoutes };

/** The API as the one wrapper serves it. */
export function apiOf(routes: ApiRoutes): Api {
  return { routes, authenticate, auth: authEndpoint };
}
