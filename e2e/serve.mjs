// Playwright's web server for one project: a fresh database of the given provider and the
// built Tandem server on the given port. `node serve.mjs sqlite 3301` / `… postgresql 3302`.
// The PostgreSQL database is named after the port, so a run killed hard is cleaned up by the
// next one.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pgAdminUrl, pgQuery, SERVER_ARGS, withDatabase } from "../packages/testkit/dist/index.js";

const [provider, port] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let url;
let cleanup = async () => {};
if (provider === "postgresql") {
  const name = `tandem_e2e_${port}`;
  await pgQuery(pgAdminUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await pgQuery(pgAdminUrl(), `CREATE DATABASE "${name}"`);
  url = withDatabase(pgAdminUrl(), name);
  cleanup = () => pgQuery(pgAdminUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
} else {
  const dir = mkdtempSync(path.join(tmpdir(), "tandem-e2e-"));
  url = `file:${path.join(dir, "tandem.db")}`;
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

const server = spawn(process.execPath, [...SERVER_ARGS], {
  cwd: path.join(root, "apps", "web"),
  stdio: "inherit",
  // Every test signs up its own accounts from this one address: the sign-in rate limit (tested
  // on its own) would otherwise stop the suite. A caller's own setting still wins.
  env: { TANDEM_SIGNIN_ATTEMPTS_PER_MINUTE: "100000", ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: url, PORT: port, HOST: "127.0.0.1" },
});
let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  server.kill(signal);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
server.on("exit", async (code) => {
  await cleanup().catch(() => {});
  process.exit(code ?? 0);
});
