import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { writeAccessLine, type AccessEntry } from "@/platform/observability/access-log.ts";

function capture(level: "info" | "warn") {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  // The configuration of platform/observability/logger.ts.
  const log = pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, stream);
  return { log, lines };
}

const entry: AccessEntry = { reqId: "r-1", method: "PUT", url: '/api/documents/a?x="y"\\', route: "/api/documents/:id", status: 200, ms: 1.5, retryAttempt: 2 };

describe("writeAccessLine", () => {
  it.each([
    ["a success", entry, "info"],
    ["no retry", { ...entry, retryAttempt: null }, "info"],
    ["a 5xx", { ...entry, status: 503 }, "warn"],
    ["an aborted request", { ...entry, status: "aborted" }, "warn"],
    ["a strange method and no url", { ...entry, method: "PROPFIND", url: undefined }, "info"],
  ] as [string, AccessEntry, string][])("%s: the line pino itself would write", async (_name, e, level) => {
    const ours = capture("info");
    const theirs = capture("info");
    writeAccessLine(ours.log, e);
    const { retryAttempt, ...fields } = e;
    theirs.log[level as "info" | "warn"]({ ...fields, ...(retryAttempt !== null ? { retryAttempt } : {}) }, "request");
    await new Promise((r) => setImmediate(r));
    const strip = (line: string) => ({ ...(JSON.parse(line) as Record<string, unknown>), time: "t" });
    expect(ours.lines).toHaveLength(1);
    expect(strip(ours.lines[0]!)).toEqual(strip(theirs.lines[0]!));
    expect(Object.keys(JSON.parse(ours.lines[0]!) as object)).toEqual(Object.keys(JSON.parse(theirs.lines[0]!) as object));
  });

  it("writes nothing below the logger's level", () => {
    const { log, lines } = capture("warn");
    writeAccessLine(log, entry);
    expect(lines).toEqual([]);
  });
});
