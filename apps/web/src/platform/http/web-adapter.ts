import { streamSink, type ApiRequest, type ApiResponse } from "./api-request.ts";

/** A Web `Request` (Next's route handlers under `next dev`, tests) as an ApiRequest. */
export function webApiRequest(request: Request, requestId: string): ApiRequest {
  // Node's ReadableStream is async-iterable; the DOM typings do not say so yet.
  const body = request.body as AsyncIterable<Uint8Array> | null;
  const url = new URL(request.url);
  return {
    method: request.method,
    pathname: url.pathname,
    search: url.search,
    requestId,
    clientAddress: null,
    header: (name) => request.headers.get(name),
    // Leaving the loop early cancels the stream: nothing more is pulled from the client.
    body: () => body,
    abandonBody: () => undefined,
  };
}

export function webResponse(response: ApiResponse): Response {
  const headers = new Headers(response.headers);
  for (const cookie of response.cookies ?? []) headers.append("Set-Cookie", cookie);
  if (response.stream) return new Response(streamBody(response.stream), { status: response.status, headers });
  return new Response(response.body, { status: response.status, headers });
}

/** An event stream as a Web ReadableStream (`next dev`). */
function streamBody(start: NonNullable<ApiResponse["stream"]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let closed = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const stream = streamSink(
        (text) => controller.enqueue(encoder.encode(text)),
        () => controller.close(),
      );
      closed = stream.closed;
      start(stream.sink);
    },
    cancel: () => closed(),
  });
}
