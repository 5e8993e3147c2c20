import type http from "node:http";
import { streamSink, type ApiRequest, type ApiResponse } from "./api-request.ts";

/** A Node request as an ApiRequest; `abandoned` tells the writer to close the connection. */
export function nodeApiRequest(req: http.IncomingMessage, pathname: string, requestId: string): ApiRequest & { abandoned: boolean } {
  const request = {
    method: req.method ?? "GET",
    pathname,
    search: searchOf(req.url),
    requestId,
    clientAddress: req.socket.remoteAddress ?? null,
    abandoned: false,
    header(name: string): string | null {
      const value = req.headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
    // destroyOnReturn: false — giving up on an oversized body must not destroy the socket
    // before the 413 is written.
    body: () => req.iterator({ destroyOnReturn: false }),
    abandonBody() {
      request.abandoned = true;
    },
  };
  return request;
}

function searchOf(url = ""): string {
  const query = url.indexOf("?");
  return query === -1 ? "" : url.slice(query);
}

/** Writes the headers of a stream and hands the connection to it. */
function startStream(res: http.ServerResponse, response: ApiResponse, start: NonNullable<ApiResponse["stream"]>): void {
  res.writeHead(response.status, { ...response.headers, "X-Accel-Buffering": "no" });
  res.flushHeaders();
  // Small frames go out at once, not after Nagle's delay.
  res.socket?.setNoDelay(true);
  const { sink, closed } = streamSink(
    (text) => void res.write(text),
    () => void res.end(),
  );
  res.once("close", closed);
  start(sink);
}

export function writeNodeResponse(req: http.IncomingMessage, res: http.ServerResponse, response: ApiResponse, abandoned: boolean): void {
  if (response.stream) {
    if (response.cookies?.length) res.setHeader("Set-Cookie", response.cookies);
    return startStream(res, response, response.stream);
  }
  // A known length: one write for headers and body, and no chunked framing for either side.
  if (response.body !== null) response.headers["Content-Length"] = String(Buffer.byteLength(response.body));
  if (response.cookies?.length) res.setHeader("Set-Cookie", response.cookies);
  res.writeHead(response.status, response.headers);
  res.end(response.body ?? undefined);
  // The unread rest of the body is drained so the connection stays usable and the client reads
  // its answer (closing on unread data would reset the connection under it). A client that
  // keeps sending an abandoned body after that has its connection cut.
  req.resume();
  if (abandoned && !req.complete) {
    const cut = setTimeout(() => req.socket.destroy(), ABANDONED_BODY_GRACE_MS).unref();
    req.once("end", () => clearTimeout(cut));
  }
}

const ABANDONED_BODY_GRACE_MS = 2_000;
