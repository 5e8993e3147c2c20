import { isValidDocumentId } from "@tandem/contract";
import { AppError } from "../../../platform/errors.ts";
import type { ApiRoutes } from "../../../platform/http/api-handler.ts";
import type { ApiRequest } from "../../../platform/http/api-request.ts";
import { headOf, json } from "../../../platform/http/api-request.ts";
import { parseQuery } from "../../../platform/http/query-params.ts";
import { noSuchId } from "../../documents/server/document-errors.ts";
import { requireAccess } from "../../documents/server/guard-access.ts";
import { activityQuery } from "./activity-query.ts";
import { listActivity } from "./list-activity.ts";

const PRIVATE = { "Cache-Control": "private, no-cache" };

/** `?before=<id>`: the page of entries older than that one. */
function before(request: ApiRequest): number | undefined {
  const raw = parseQuery(activityQuery, request.search).before;
  return raw === undefined ? undefined : Number(raw);
}

export const activityRoutes: ApiRoutes = {
  documentActivity: {
    async GET(request, params, caller) {
      if (!isValidDocumentId(params.id!)) throw noSuchId();
      requireAccess("activity", caller, params.id!);
      return json(await listActivity({ documentId: params.id!, before: before(request) }), { headers: PRIVATE });
    },
  },
  activity: {
    async GET(request, _params, caller) {
      if (!caller.isAdmin) throw new AppError("forbidden", "Only an administrator can see all activity.");
      return json(await listActivity({ before: before(request) }), { headers: PRIVATE });
    },
    HEAD: (_request, _params, caller) => {
      if (!caller.isAdmin) throw new AppError("forbidden", "Only an administrator can see all activity.");
      return headOf(PRIVATE);
    },
  },
};
