import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

// A Tandem of its own, on an empty database, for tests about what only happens once (the first
// account becomes the admin) or under other settings (TANDEM_SIGNUP). Started with the same
// serve.mjs as the suite's servers; stopped (and its database dropped) by stop().

const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface FreshServer {
  baseURL: string;
  stop(): Promise<void>;
}

/** One port per Playwright worker and provider, clear of the suite's 3301/3302. */
export function freshPort(provider: string, parallelIndex: number): number {
  return 3320 + Number(process.env.TANDEM_E2E_PORT_OFFSET ?? 0) + parallelIndex * 2 + (provider === "postgresql" ? 1 : 0);
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the fresh server exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the fresh server did not come up within ${timeoutMs} ms:\n${log()}`);
}

export async function startFreshServer(provider: string, port: number, env: Record<string, string>): Promise<FreshServer> {
  const child = spawn(process.execPath, ["serve.mjs", provider, String(port)], {
    cwd: E2E_DIR,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitUntilUp(`${baseURL}/api/health`, child, () => stderr, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, stop };
}
