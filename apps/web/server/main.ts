// Tandem's HTTP server: Next's request handler behind a plain Node server. It exists for what
// Next's own server cannot do: answer methods Next cannot represent (TRACE and WebDAV methods
// crash its Request construction with a 500) with 405 problem+json, and shut down gracefully.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { migrate, redact } from "@tandem/migrate";
import { env } from "../src/server/env.js";
import { allowedMethods, ROUTABLE_METHODS } from "../src/server/http/allowed-methods.js";

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const config = env();

// `next` is CommonJS whose typings describe an ES default export; require() sidesteps the
// interop mismatch between the two under NodeNext.
type CreateNextApp = (options: { dev: boolean; dir: string; hostname: string; port: number }) => {
  prepare(): Promise<void>;
  getRequestHandler(): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
};
const createNextApp = createRequire(import.meta.url)("next") as CreateNextApp;
// Migrations run before the port opens, so no request ever meets an old schema. Instances
// starting together serialise here on the migrator's lock.
if (config.MIGRATE_ON_START) {
  try {
    const result = await migrate({ url: config.DATABASE_URL, migrationsRoot: config.migrationsDir });
    if (result.applied.length) console.log(`[tandem] ${redact(config.DATABASE_URL)}: applied migrations ${result.applied.join(", ")}`);
    if (result.unknown.length) console.warn(`[tandem] the database has migrations this build does not know: ${result.unknown.join(", ")}`);
  } catch (error) {
    console.error(`[tandem] startup failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
(globalThis as { tandemMigrationsApplied?: boolean }).tandemMigrationsApplied = true;

const app = createNextApp({ dev: false, dir: appDir, hostname: config.HOST, port: config.PORT });
const handle = app.getRequestHandler();
await app.prepare();

function methodNotAllowed(req: http.IncomingMessage, res: http.ServerResponse): void {
  const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
  const allow = allowedMethods(pathname);
  const body = JSON.stringify({
    type: "/problems/method-not-allowed",
    title: "Method Not Allowed",
    status: 405,
    detail: `${req.method} is not supported here. Allowed: ${allow.join(", ")}.`,
    code: "method-not-allowed",
    instance: pathname,
    allow,
  });
  res.writeHead(405, { "Content-Type": "application/problem+json", Allow: allow.join(", "), "Cache-Control": "no-store" });
  res.end(body);
  req.resume();
}

function badRequest(req: http.IncomingMessage, res: http.ServerResponse, detail: string): void {
  res.writeHead(400, { "Content-Type": "application/problem+json", "Cache-Control": "no-store" });
  res.end(JSON.stringify({ type: "/problems/bad-request", title: "Bad Request", status: 400, detail, code: "bad-request" }));
  req.resume();
}

/** Next answers a path it cannot percent-decode with a 500; it is the client's error. */
function decodablePath(url: string): boolean {
  try {
    decodeURIComponent(new URL(url, "http://localhost").pathname);
    return true;
  } catch {
    return false;
  }
}

const server = http.createServer((req, res) => {
  if (!ROUTABLE_METHODS.has(req.method ?? "")) return methodNotAllowed(req, res);
  if (!decodablePath(req.url ?? "/")) return badRequest(req, res, "The request path has a malformed percent-encoding.");
  void handle(req, res);
});

server.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  console.log(`[tandem] serving on http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${port} (${config.provider})`);
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`[tandem] ${signal}: no new connections; finishing in-flight requests`);
  // close() stops accepting and waits for open requests; idle keep-alive sockets go at once.
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    console.error("[tandem] in-flight requests did not finish in 10 s; exiting");
    process.exit(1);
  }, 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
