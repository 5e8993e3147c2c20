import { documentRoutes } from "./features/documents/server/document-routes.ts";
import { healthRoutes } from "./features/health/server/health-routes.ts";
import type { ApiRoutes } from "./platform/http/api-handler.ts";

/** Every API route of the app, by the contract's route names. */
export const apiRoutes: ApiRoutes = { ...documentRoutes, health: healthRoutes };
