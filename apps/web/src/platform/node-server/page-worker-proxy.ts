import http from "node:http";
import { Worker } from "node:worker_threads";
import { createNonce, pageContentSecurityPolicy } from "../http/content-security-policy.ts";
import type { NextHandler } from "./request-listener.ts";

export interface PageWorker {
  /** Forwards a page request to Next in the worker and streams its answer back. */
  handle: NextHandler;
  close(): Promise<void>;
}

// Per-connection headers of the hop between this server and the worker; the client's
// connection has its own.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);
const CSP = "content-security-policy";

/**
 * Starts Next in a worker thread (page-worker.ts) and proxies page requests to it over a
 * keep-alive connection on the loopback. The worker ending unexpectedly ends the process:
 * a supervisor restarts it whole, rather than serving the API without pages.
 */
export async function startPageWorker(entry: URL, data: { dir: string; hostname: string; port: number }, onExit: (code: number) => void): Promise<PageWorker> {
  const worker = new Worker(entry, { workerData: data });
  let closing = false;
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", (message: { port: number }) => resolve(message.port));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the page worker exited with ${code} before listening`)));
  });
  worker.on("exit", (code) => {
    if (!closing) onExit(code);
  });
  const agent = new http.Agent({ keepAlive: true });

  const handle: NextHandler = (req, res) =>
    new Promise<void>((resolve, reject) => {
      // Next puts the nonce it finds in the request's policy on every <script> it renders; the
      // browser holds them to the same policy on the response. The worker runs Next's
      // production build, which evaluates no strings. A policy the client sent is replaced,
      // and one from Next's answer would not be ours: only this one goes out.
      const policy = pageContentSecurityPolicy({ nonce: createNonce() });
      res.setHeader("Content-Security-Policy", policy);
      const upstreamHeaders = { ...req.headers, [CSP]: policy };
      const upstream = http.request({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: upstreamHeaders, agent }, (answer) => {
        const headers: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && name !== CSP && value !== undefined) headers[name] = value;
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
        answer.pipe(res);
        answer.once("end", resolve);
        answer.once("error", reject);
      });
      upstream.once("error", reject);
      // A client that leaves stops the render it asked for.
      res.once("close", () => {
        if (!res.writableFinished) upstream.destroy();
      });
      req.pipe(upstream);
    });

  return {
    handle,
    async close() {
      closing = true;
      agent.destroy();
      await worker.terminate();
    },
  };
}
