import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_FLAGS } from "@tandem/contract";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const SERVER_ENTRY = path.join(REPO_ROOT, "apps", "web", "dist-server", "server", "main.js");
/** What `node` runs the built server with: the server's own Node flags, then its entry. */
export const SERVER_ARGS: readonly string[] = [...SERVER_NODE_FLAGS, SERVER_ENTRY];

/** The operators' token every test server gets (TANDEM_METRICS_TOKEN), and its header. */
export const TEST_METRICS_TOKEN = "test-operator-token-0123456789";
export const OPERATOR_HEADERS = { authorization: `Bearer ${TEST_METRICS_TOKEN}` } as const;

export interface TestServer {
  baseUrl: string;
  pid: number;
  /** Everything the process printed, for assertions and failure messages. */
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, no cleanup. */
  kill9(): Promise<void>;
  /** Sends a signal without waiting (see `exited`). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with the first output line matching `pattern`, already printed or yet to come. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The JSON log lines printed so far, parsed (other lines are left out). */
  logLines(): Record<string, unknown>[];
  exited: Promise<number | null>;
}

export interface StartOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  /** How long to wait for /api/health to answer 200. */
  readyTimeoutMs?: number;
  /**
   * Send the server's output to this file instead of a pipe into this process: for load
   * tests, where reading a log line per request would slow the load generator down.
   */
  logFile?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built Tandem server (apps/web/dist-server) on a free port and waits until its
 * health endpoint is green, which also means its startup migrations ran.
 */
export async function startServer({ databaseUrl, env = {}, readyTimeoutMs = 60_000, logFile }: StartOptions): Promise<TestServer> {
  const fixedPort = logFile ? await freePort() : 0;
  const logFd = logFile ? openSync(logFile, "a") : null;
  const child: ChildProcess = spawn(process.execPath, [...SERVER_ARGS], {
    cwd: path.join(REPO_ROOT, "apps", "web"),
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      PORT: String(fixedPort),
      HOST: "127.0.0.1",
      TANDEM_METRICS_TOKEN: TEST_METRICS_TOKEN,
      // Test suites sign up many accounts from one address; the limit itself has its own test.
      TANDEM_SIGNIN_ATTEMPTS_PER_MINUTE: "100000",
      ...env,
    },
    stdio: logFd === null ? ["ignore", "pipe", "pipe"] : ["ignore", logFd, logFd],
  });
  if (logFd !== null) closeSync(logFd);
  let piped = "";
  const output = () => (logFile ? readFileSync(logFile, "utf8") : piped);
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    piped += chunk.toString();
    for (const listener of listeners) listener();
  };
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const port = logFile ? fixedPort : await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output()}`)), readyTimeoutMs);
    const onData = () => {
      const m = /serving on http:\/\/[^:]+:(\d+)/.exec(piped);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", append);
    child.stderr!.on("data", append);
    listeners.add(onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output()}`));
    });
  });
  listeners.clear();
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`server never became healthy:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    pid: child.pid!,
    output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    async kill9() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
    signal(signal) {
      child.kill(signal);
    },
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = output().split("\n").find((l) => pattern.test(l));
          if (line === undefined) return false;
          done();
          resolve(line);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no output line matched ${pattern} within ${timeoutMs} ms:\n${output().slice(-4000)}`));
        }, timeoutMs);
        // A log file has no data events to wait for: it is read again every 50 ms.
        const poll = logFile ? setInterval(check, 50) : undefined;
        const done = () => {
          clearTimeout(timer);
          clearInterval(poll);
          listeners.delete(check);
        };
        if (!check()) listeners.add(check);
      });
    },
    logLines() {
      return output().split("\n").flatMap((line) => {
        if (!line.startsWith("{")) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
    },
  };
}
