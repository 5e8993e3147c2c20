// Tandem's HTTP server: a plain Node server that answers /api/* itself (src/api-routes.ts) and
// hands pages to Next, which runs in a worker thread (page-worker.ts). It exists for what
// Next's own server cannot do fast or at all: the API without page routing and without Next's
// process-wide patches on its thread, methods Next cannot represent (TRACE and WebDAV methods
// crash its Request construction with a 500), a request id, a log line and metrics for every
// request, GET /api/metrics, and a graceful shutdown.
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiOf, apiRoutes } from "../src/api-routes.ts";
import { metricsRoutes, metricsText } from "../src/features/metrics/server/metrics-routes.ts";
import { allowedHosts, type AllowedHosts } from "../src/platform/http/allowed-hosts.ts";
import { env } from "../src/platform/env.ts";
import { installGracefulShutdown } from "../src/platform/node-server/graceful-shutdown.ts";
import { startPageWorker } from "../src/platform/node-server/page-worker-proxy.ts";
import { createRequestListener } from "../src/platform/node-server/request-listener.ts";
import { createHttpMetrics } from "../src/platform/observability/http-metrics.ts";
import { logger } from "../src/platform/observability/logger.ts";
import { migrateOnStart } from "../src/platform/startup.ts";
import { accounts } from "../src/features/accounts/server/accounts.ts";
import { pageGate } from "../src/features/accounts/server/page-gate.ts";
import { closeLiveStreams } from "../src/features/live/server/hub.ts";

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
let config: ReturnType<typeof env>;
try {
  config = env();
} catch (error) {
  // The logger needs a valid configuration itself.
  console.error(JSON.stringify({ level: "fatal", time: new Date().toISOString(), msg: (error as Error).message }));
  process.exit(1);
}
const log = logger(config.LOG_LEVEL);

try {
  await migrateOnStart();
  // The session secret may live in the database: settled before the first request.
  await accounts();
} catch (error) {
  // Serving against a schema this build does not expect would fail request by request.
  log.fatal({ err: error }, `startup failed: ${(error as Error).message}`);
  process.exit(1);
}

const pages = await startPageWorker(new URL("./page-worker.js", import.meta.url), { dir: appDir, hostname: config.HOST, port: config.PORT }, (code) => {
  log.fatal({ code }, `the page worker exited with ${code}; exiting`);
  process.exit(1);
});

const metrics = createHttpMetrics();
// The loopback names are allowed on the port actually bound (PORT=0 picks one at listen).
let hosts: AllowedHosts | undefined;
const allowed = () => (hosts ??= allowedHosts((server.address() as AddressInfo).port, { publicUrl: config.TANDEM_PUBLIC_URL, extra: config.TANDEM_ALLOWED_HOSTS }));
const requests = createRequestListener(pages.handle, apiOf({ ...apiRoutes, metrics: metricsRoutes(metrics) }), metrics, allowed, pageGate);
// Timeouts are enforced by a sweep; every second keeps the configured bounds honest.
const server = http.createServer(
  { headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS, requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
  requests.listener,
);
server.maxConnections = config.HTTP_MAX_CONNECTIONS;

server.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const host = config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST;
  log.info({ port, provider: config.provider }, `serving on http://${host}:${port} (${config.provider})`);
});

// Prometheus without a credential, on its own port, bound to the loopback by default.
const metricsListener =
  config.METRICS_PORT === undefined
    ? null
    : http
        .createServer((req, res) => {
          const path = (req.url ?? "/").split("?")[0];
          if (req.method !== "GET" || (path !== "/metrics" && path !== "/api/metrics")) return void res.writeHead(404).end();
          metricsText(metrics).then(
            (answer) => res.writeHead(answer.status, answer.headers).end(answer.body),
            () => res.writeHead(500).end(),
          );
        })
        .listen(config.METRICS_PORT, config.METRICS_HOST, () => log.info({ port: config.METRICS_PORT, host: config.METRICS_HOST }, "metrics on a separate listener"));

installGracefulShutdown(
  server,
  requests,
  config.SHUTDOWN_GRACE_MS,
  async () => {
    metricsListener?.close();
    await pages.close();
  },
  closeLiveStreams,
);
