// The event streams and presence: parse → check → hand the connection to the hub.
import { EVENT_STREAM_MEDIA_TYPE, isValidDocumentId, LAST_EVENT_ID_HEADER, MAX_STREAMS_PER_USER, PRESENCE_STATES, TAB_ID_PATTERN } from "@tandem/contract";
import { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import type { ApiRoutes } from "../../../platform/http/api-handler.ts";
import { parseQuery } from "../../../platform/http/query-params.ts";
import { empty, type ApiRequest, type ApiResponse } from "../../../platform/http/api-request.ts";
import { readJsonBody, requireJson } from "../../../platform/http/read-body.ts";
import { writeRoute } from "../../../platform/http/write-route.ts";
import type { Caller } from "../../../platform/http/caller.ts";
import { logger } from "../../../platform/observability/logger.ts";
import { parseInput } from "../../documents/server/document-input.ts";
import { noSuchId } from "../../documents/server/document-errors.ts";
import { requireAccess } from "../../documents/server/guard-access.ts";
import { decideAccess } from "../../documents/server/document-access.ts";
import { authenticate } from "../../accounts/server/authenticate.ts";
import { liveHub } from "./hub.ts";
import { parseLastEventId } from "./sse.ts";

const STREAM_HEADERS = { "Content-Type": `${EVENT_STREAM_MEDIA_TYPE}; charset=utf-8`, "Cache-Control": "no-store" };

export const presenceInput = z.object({ tab: z.string().regex(TAB_ID_PATTERN, "must be 8 to 64 letters, digits, - or _"), state: z.enum(PRESENCE_STATES) }).strict();

const lastEventIdParam = z.string().optional().meta({ description: "The id of the last event received, for a client resuming on purpose (Last-Event-ID wins): missed events are replayed, or `reset` is sent. Anything but an id starts afresh." });

/** The streams' queries: validated with these, and documented from them (OpenAPI). */
export const workspaceStreamQuery = z.object({ lastEventId: lastEventIdParam });
export const documentStreamQuery = z.object({
  tab: z.string().regex(TAB_ID_PATTERN, "`tab` must be 8 to 64 letters, digits, - or _.").optional().meta({ description: "Your tab's id, to be counted in presence." }),
  lastEventId: lastEventIdParam,
});

/** Last-Event-ID (an EventSource reconnecting) or `?lastEventId=` (a client resuming on purpose). */
function lastEventId(request: ApiRequest, query: { lastEventId?: string | undefined }): number | null {
  const header = request.header(LAST_EVENT_ID_HEADER.toLowerCase());
  return parseLastEventId(header ?? query.lastEventId ?? null);
}

/** The stream's credentials, checked again later: still signed in (or the token still valid), still allowed to read. */
function reauthenticate(request: ApiRequest, documentId: string | null): () => Promise<boolean> {
  const credentials: Record<string, string | null> = { authorization: request.header("authorization"), cookie: request.header("cookie") };
  return async () => {
    try {
      const caller = await authenticate({ header: (name) => credentials[name] ?? null }, documentId);
      return documentId === null || decideAccess("read", caller) === "allow";
    } catch (error) {
      if (error instanceof AppError && error.code === "unauthorized") return false;
      throw error;
    }
  };
}

function withinLimit(caller: Caller): void {
  if (liveHub().streamsOf(caller.userId) >= MAX_STREAMS_PER_USER) {
    throw new AppError("too-many-requests", `At most ${MAX_STREAMS_PER_USER} event streams per account may be open on one server. Close some tabs.`, {}, { "Retry-After": "10" });
  }
}

function streaming(open: (sink: Parameters<NonNullable<ApiResponse["stream"]>>[0]) => Promise<void>): ApiResponse {
  return {
    status: 200,
    headers: STREAM_HEADERS,
    body: null,
    stream: (sink) =>
      void open(sink).catch((error: unknown) => {
        // The headers are out: the client sees the stream end and reconnects with Last-Event-ID.
        logger().warn({ err: error }, "an event stream failed to start");
        sink.end();
      }),
  };
}

export const liveRoutes: ApiRoutes = {
  documentEvents: {
    GET(request, params, caller) {
      if (!isValidDocumentId(params.id!)) throw noSuchId();
      requireAccess("read", caller, params.id!);
      const query = parseQuery(documentStreamQuery, request.search);
      const tab = query.tab ?? null;
      withinLimit(caller);
      const last = lastEventId(request, query);
      const stillAllowed = reauthenticate(request, params.id!);
      return streaming((sink) => liveHub().openDocument({ userId: caller.userId, name: caller.name, documentId: params.id!, lastEventId: last, tab, sink, stillAllowed }));
    },
  },
  events: {
    GET(request, _params, caller) {
      const query = parseQuery(workspaceStreamQuery, request.search);
      withinLimit(caller);
      const last = lastEventId(request, query);
      const stillAllowed = reauthenticate(request, null);
      return streaming((sink) => liveHub().openWorkspace({ userId: caller.userId, lastEventId: last, sink, stillAllowed }));
    },
  },
  documentPresence: {
    PUT: writeRoute(async (request, params, caller, dryRun) => {
      if (!isValidDocumentId(params.id!)) throw noSuchId();
      requireAccess("read", caller, params.id!);
      requireJson(request);
      const { tab, state } = parseInput(presenceInput, await readJsonBody(request, 1024));
      // A dry run is announced to nobody.
      if (!dryRun) await liveHub().setPresence(caller.userId, params.id!, tab, state);
      return empty(204);
    }),
  },
};
