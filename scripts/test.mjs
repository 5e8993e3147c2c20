// `npm test`: installs what is needed, then lint, typecheck, unit tests, the build, the
// integration tests and the Playwright browser suite, each on SQLite and PostgreSQL.
// Prints one closing line "tandem: N passed, M failed".
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { redact } from "./redact.mjs";
import { ensurePnpm, installDependencies, log, ROOT } from "./lib.mjs";
import { PG_ADMIN_URL, pgReachable } from "./pg-check.mjs";

const env = ensurePnpm();
installDependencies(env);

const pg = await pgReachable();
const ci = process.env.CI === "true" || process.env.CI === "1";
const requirePg = ci || process.env.TANDEM_REQUIRE_PG === "1";
const banner = (lines) => console.error(`\n\x1b[41m\x1b[97m${"!".repeat(78)}\x1b[0m\n${lines.map((l) => `  ${l}`).join("\n")}\n\x1b[41m\x1b[97m${"!".repeat(78)}\x1b[0m\n`);
if (!pg.ok) {
  const lines = [`PostgreSQL is NOT reachable at ${redact(PG_ADMIN_URL)}: ${pg.reason}`, "Set TANDEM_TEST_PG_URL to an admin connection URL of a PostgreSQL 15+ server."];
  if (requirePg) {
    banner([...lines, "Under CI=true (or TANDEM_REQUIRE_PG=1) the PostgreSQL suites are required: failing."]);
    console.log("tandem: 0 passed, 1 failed");
    process.exit(1);
  }
  banner([...lines, "Running the SQLite suites only. This run does NOT prove PostgreSQL behaviour."]);
}
env.TANDEM_TEST_DATABASES = pg.ok ? "sqlite,postgresql" : "sqlite";

// The browser suite runs Debian's Chromium (Playwright's own download cannot work here);
// .ci/run installs it. Locally a missing browser is reported loudly, never skipped silently.
const chromium = env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(chromium);
if (!haveChromium) {
  const lines = [`Chromium is NOT installed at ${chromium}.`, "Install it with: apt-get install -y chromium (or set CHROMIUM_PATH)."];
  if (ci) {
    banner([...lines, "Under CI=true the browser suite is required: failing."]);
    console.log("tandem: 0 passed, 1 failed");
    process.exit(1);
  }
  banner([...lines, "Skipping the Playwright suite in this run."]);
}
env.TANDEM_TEST_PG_URL = PG_ADMIN_URL;

const totals = { passed: 0, failed: 0, skipped: 0 };
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Vitest's "Tests  3 failed | 40 passed (43)" and Playwright's "  52 passed (2.2m)" / "  1 failed". */
function countSummary(line) {
  const vitest = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (vitest) {
    for (const [, n, kind] of vitest[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
    return;
  }
  const playwright = /^\s{2}(\d+) (passed|failed|flaky|skipped|did not run)\b/.exec(line);
  if (playwright) totals[playwright[2] === "passed" ? "passed" : playwright[2] === "skipped" ? "skipped" : "failed"] += Number(playwright[1]);
}

/** Runs a command, streaming its output, and adds up the test runners' summary lines. */
function step(title, cmd, args) {
  log(title);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let pending = "";
    const scan = (chunk, out) => {
      out.write(chunk);
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const raw of lines) countSummary(raw.replace(ANSI, ""));
    };
    child.stdout.on("data", (c) => scan(c, process.stdout));
    child.stderr.on("data", (c) => scan(c, process.stderr));
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const turbo = ["exec", "turbo", "run", "--output-logs=full", "--log-order=grouped"];
let code = await step("lint, typecheck, unit tests and build", "pnpm", [...turbo, "lint", "typecheck", "test", "build"]);
if (code === 0) code = await step("lint of the root scripts", "pnpm", ["exec", "eslint", "scripts", "bench", "vitest.shared.ts"]);
if (code === 0) code = await step("integration tests (real servers, SQLite + PostgreSQL)", "pnpm", [...turbo, "test:integration", "--concurrency=1"]);
if (code === 0 && haveChromium) code = await step("browser suite (Playwright + Debian Chromium, SQLite + PostgreSQL)", "pnpm", ["--filter", "@tandem/e2e", "exec", "playwright", "test"]);

if (!pg.ok) banner(["Reminder: PostgreSQL was unreachable; only SQLite was tested."]);
if (!haveChromium) banner(["Reminder: Chromium was missing; the browser suite did not run."]);
const failed = totals.failed + (code !== 0 && totals.failed === 0 ? 1 : 0);
console.log(`tandem: ${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(code === 0 && failed === 0 ? 0 : 1);
