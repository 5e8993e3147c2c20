// Shared helpers of the root scripts (start, test, run-pnpm). Plain Node: they run before
// anything is installed, on a machine that has only Node 20+ and npm.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PNPM_VERSION = "10.34.9";

const TOOLS = path.join(ROOT, ".tools");

function pnpmVersionOf(bin, env) {
  const r = spawnSync(bin, ["--version"], { env, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * Finds pnpm PNPM_VERSION, or installs it into .tools/ with npm (corepack cannot verify
 * signatures offline). Returns an env whose PATH has it first, because turbo calls `pnpm`.
 */
export function ensurePnpm() {
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
  };
  if (pnpmVersionOf("pnpm", env) === PNPM_VERSION) return env;
  const localBin = path.join(TOOLS, "node_modules", ".bin");
  if (pnpmVersionOf(path.join(localBin, "pnpm"), env) !== PNPM_VERSION) {
    mkdirSync(TOOLS, { recursive: true });
    log(`installing pnpm ${PNPM_VERSION} into .tools/`);
    run("npm", ["install", "--prefix", TOOLS, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `pnpm@${PNPM_VERSION}`], { env });
  }
  env.PATH = `${localBin}${path.delimiter}${env.PATH ?? ""}`;
  return env;
}

export function log(message) {
  console.log(`\x1b[36m[tandem]\x1b[0m ${message}`);
}

/** Runs a command, inheriting stdio; exits the process with its code on failure. */
export function run(cmd, args, { env = process.env, cwd = ROOT } = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env, cwd });
  if (r.status !== 0) {
    console.error(`[tandem] ${cmd} ${args.join(" ")} failed with ${r.status ?? r.signal}`);
    process.exit(r.status ?? 1);
  }
}

/** Spawns a long-running child that receives our signals, and exits with it. */
export function handOver(cmd, args, { env = process.env, cwd = ROOT } = {}) {
  const child = spawn(cmd, args, { stdio: "inherit", env, cwd });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

export function installDependencies(env) {
  const frozen = existsSync(path.join(ROOT, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
  run("pnpm", ["install", ...frozen, "--reporter=append-only"], { env });
}
