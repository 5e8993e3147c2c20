// Tandem's HTTP server: Next's request handler behind a plain Node server. It exists for what
// Next's own server cannot do: answer methods Next cannot represent (TRACE and WebDAV methods
// crash its Request construction with a 500) with 405 problem+json, give every request an id,
// a log line and metrics (one place that sees every request, whichever route answers), serve
// GET /api/metrics, and shut down gracefully.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { migrate, redact } from "@tandem/migrate";
import { env } from "../src/server/env.js";
import { installGracefulShutdown } from "../src/server/node-server/graceful-shutdown.js";
import { createRequestListener, type NextHandler } from "../src/server/node-server/request-listener.js";
import { createHttpMetrics } from "../src/server/observability/http-metrics.js";
import { logger } from "../src/server/observability/logger.js";

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
// Migrations run before the port opens, so no request ever meets an old schema. Instances
// starting together serialise here on the migrator's lock.
if (config.MIGRATE_ON_START) {
  try {
    const result = await migrate({ url: config.DATABASE_URL, migrationsRoot: config.migrationsDir });
    const database = redact(config.DATABASE_URL);
    if (result.applied.length) log.info({ database, applied: result.applied }, `applied migrations ${result.applied.join(", ")}`);
    if (result.unknown.length) log.warn({ database, unknown: result.unknown }, `the database has migrations this build does not know: ${result.unknown.join(", ")}`);
  } catch (error) {
    log.fatal({ err: error }, `startup failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
(globalThis as { tandemMigrationsApplied?: boolean }).tandemMigrationsApplied = true;

const app = createNextApp({ dev: false, dir: appDir, hostname: config.HOST, port: config.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const requests = createRequestListener(handle, createHttpMetrics());
const server = http.createServer(requests.listener);

server.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const host = config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST;
  log.info({ port, provider: config.provider }, `serving on http://${host}:${port} (${config.provider})`);
});

installGracefulShutdown(server, requests, config.SHUTDOWN_GRACE_MS);
