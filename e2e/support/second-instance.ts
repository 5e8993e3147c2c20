import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pgAdminUrl, SERVER_ARGS, withDatabase } from "@tandem/testkit";

// A second Tandem instance on the PostgreSQL database of the suite's server (serve.mjs names
// that database after the server's port): the same accounts, documents and session secret, so
// a browser signed in on one instance is signed in on the other (cookies are per host, not port).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function startSecondInstance(suiteBaseURL: string, port: number): Promise<{ baseURL: string; stop(): Promise<void> }> {
  const database = withDatabase(pgAdminUrl(), `tandem_e2e_${new URL(suiteBaseURL).port}`);
  const child = spawn(process.execPath, [...SERVER_ARGS], {
    cwd: path.join(ROOT, "apps", "web"),
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: database, PORT: String(port), HOST: "127.0.0.1", TANDEM_SIGNIN_ATTEMPTS_PER_MINUTE: "100000" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`the second instance exited with ${child.exitCode}:\n${stderr}`);
    if (await fetch(`${baseURL}/api/health`).then((r) => r.ok, () => false)) return { baseURL, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the second instance did not come up:\n${stderr}`);
}
