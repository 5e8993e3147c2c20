import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const LOGGER = pathToFileURL(path.resolve(import.meta.dirname, "..", "dist-server", "src", "platform", "observability", "logger.js")).href;

function run(script: string) {
  return spawnSync(process.execPath, ["--input-type=module", "-e", `import { logger } from ${JSON.stringify(LOGGER)};\n${script}`], { encoding: "utf8" });
}

describe("logger (buffered lines)", () => {
  it("writes every line logged before process.exit(), in order", () => {
    const r = run(`const log = logger("info"); for (let i = 0; i < 500; i++) log.info({ i }, "line"); process.exit(7);`);
    expect(r.status).toBe(7);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { i: number });
    expect(lines.map((l) => l.i)).toEqual([...Array(500).keys()]);
  });

  it("writes a lone line within the flush interval while the process keeps running", () => {
    const r = run(`logger("info").info("alone"); setTimeout(() => process.kill(process.pid, "SIGKILL"), 400);`);
    expect(r.signal).toBe("SIGKILL");
    expect(r.stdout).toContain('"msg":"alone"');
  });
});
