// The API under `next dev` only (next.config.ts adds the `dev.ts` extension in development).
// The production server answers /api/* itself, without Next's routing; both run the very same
// handlers (src/api-routes.ts) through the same wrapper.
import { apiOf, apiRoutes } from "@/api-routes.ts";
import { handleApiRequest } from "@/platform/http/api-handler.ts";
import { webApiRequest, webResponse } from "@/platform/http/web-adapter.ts";
import { requestIdFrom, REQUEST_ID_HEADER } from "@/platform/observability/request-id.ts";
import { migrateOnStart } from "@/platform/startup.ts";

async function handle(request: Request): Promise<Response> {
  await migrateOnStart();
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const response = webResponse(await handleApiRequest(apiOf(apiRoutes), webApiRequest(request, requestId)));
  response.headers.set("X-Request-Id", requestId);
  return response;
}

export { handle as GET, handle as HEAD, handle as POST, handle as PUT, handle as PATCH, handle as DELETE, handle as OPTIONS };
