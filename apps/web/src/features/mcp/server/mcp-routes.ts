// `POST /api/mcp`: the Model Context Protocol over Streamable HTTP, stateless — each request
// gets a fresh server and transport, so any instance answers any request. The one wrapper has
// authenticated the caller by token (a cookie is no credential here: TOKEN_ONLY_ROUTES).
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { ROUTES } from "@tandem/contract";
import { env } from "../../../platform/env.ts";
import type { ApiRoutes } from "../../../platform/http/api-handler.ts";
import type { ApiRequest, ApiResponse } from "../../../platform/http/api-request.ts";
import { readJsonBody, requireJson } from "../../../platform/http/read-body.ts";
import { mcpServerFor } from "./mcp-server.ts";

/** The headers the transport looks at; the body is handed over already read (and bounded). */
const FORWARDED = ["accept", "content-type", "mcp-protocol-version", "mcp-session-id"];

function webRequestOf(request: ApiRequest): Request {
  const headers = new Headers();
  for (const name of FORWARDED) {
    const value = request.header(name);
    if (value !== null) headers.set(name, value);
  }
  return new Request(`http://localhost${ROUTES.mcp.pattern}`, { method: "POST", headers });
}

async function apiResponseOf(response: Response): Promise<ApiResponse> {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = await response.text();
  return { status: response.status, headers, body: body === "" ? null : body };
}

export const mcpRoutes: ApiRoutes = {
  mcp: {
    async POST(request, _params, caller) {
      requireJson(request);
      const message = await readJsonBody(request, env().MAX_BODY_BYTES);
      const server = mcpServerFor(caller);
      // JSON answers, not an event stream: every tool answers at once, and a JSON body fits the
      // wrapper's response (and the access log) like any other API answer.
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      try {
        return await apiResponseOf(await transport.handleRequest(webRequestOf(request), { parsedBody: message }));
      } finally {
        await server.close();
      }
    },
  },
};
