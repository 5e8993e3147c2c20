// Runs inside a worker thread: Next's production request handler behind a private HTTP
// listener on 127.0.0.1. Next installs process-wide patches when it loads (Date, setImmediate,
// crypto, console); in a worker they stay out of the main thread, where the API runs.
import http from "node:http";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

interface PageWorkerData {
  dir: string;
  hostname: string;
  port: number;
}

type NextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
// `next` is CommonJS whose typings describe an ES default export; require() sidesteps the
// interop mismatch between the two under NodeNext.
type CreateNextApp = (options: { dev: boolean; dir: string; hostname: string; port: number }) => {
  prepare(): Promise<void>;
  getRequestHandler(): NextHandler;
};

const { dir, hostname, port } = workerData as PageWorkerData;
const app = (createRequire(import.meta.url)("next") as CreateNextApp)({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) res.writeHead(500).end();
    else res.destroy();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  parentPort!.postMessage({ port: typeof address === "object" && address ? address.port : 0 });
});
