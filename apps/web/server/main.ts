// Tandem's HTTP server: a plain Node server that answers /api/* itself (src/api-routes.ts) and
// hands everything else to Next's request handler. It exists for what Next's own server cannot
// do fast or at all: the API without page routing, methods Next cannot represent (TRACE and
// WebDAV methods crash its Request construction with a 500), a request id, a log line and
// metrics for every request, GET /api/metrics, and a graceful shutdown.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { apiRoutes } from "../src/api-routes.ts";
import { metricsRoutes } from "../src/features/metrics/server/metrics-routes.ts";
import { env } from "../src/platform/env.ts";
import { installGracefulShutdown } from "../src/platform/node-server/graceful-shutdown.ts";
import { createRequestListener, type NextHandler } from "../src/platform/node-server/request-listener.ts";
import { createHttpMetrics } from "../src/platform/observability/http-metrics.ts";
import { logger } from "../src/platform/observability/logger.ts";
import { migrateOnStart } from "../src/platform/startup.ts";

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

// `next` is CommonJS whose typings describe an ES default export; require() sidesteps the
// interop mismatch between the two under NodeNext.
type CreateNextApp = (options: { dev: boolean; dir: string; hostname: string; port: number }) => {
  prepare(): Promise<void>;
  getRequestHandler(): NextHandler;
};
const createNextApp = createRequire(import.meta.url)("next") as CreateNextApp;

try {
  await migrateOnStart();
} catch (error) {
  // Serving against a schema this build does not expect would fail request by request.
  log.fatal({ err: error }, `startup failed: ${(error as Error).message}`);
  process.exit(1);
}

const app = createNextApp({ dev: false, dir: appDir, hostname: config.HOST, port: config.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const metrics = createHttpMetrics();
const requests = createRequestListener(handle, { ...apiRoutes, metrics: metricsRoutes(metrics) }, metrics);
const server = http.createServer(requests.listener);

server.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const host = config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST;
  log.info({ port, provider: config.provider }, `serving on http://${host}:${port} (${config.provider})`);
});

installGracefulShutdown(server, requests, config.SHUTDOWN_GRACE_MS);
