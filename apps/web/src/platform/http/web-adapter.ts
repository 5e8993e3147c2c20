import type { ApiRequest, ApiResponse } from "./api-request.ts";

/** A Web `Request` (Next's route handlers under `next dev`, tests) as an ApiRequest. */
export function webApiRequest(request: Request, requestId: string): ApiRequest {
  // Node's ReadableStream is async-iterable; the DOM typings do not say so yet.
  const body = request.body as AsyncIterable<Uint8Array> | null;
  return {
    method: request.method,
    pathname: new URL(request.url).pathname,
    requestId,
    header: (name) => request.headers.get(name),
    // Leaving the loop early cancels the stream: nothing more is pulled from the client.
    body: () => body,
    abandonBody: () => undefined,
  };
}

export function webResponse(response: ApiResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
