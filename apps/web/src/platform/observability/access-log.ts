import pino, { type Logger } from "pino";
import type { RouteLabel } from "./route-label.ts";

export interface AccessEntry {
  /** From requestIdFrom(): letters, digits and `._:-` only, nothing to escape. */
  reqId: string;
  method: string | undefined;
  url: string | undefined;
  /** One of the fixed labels, nothing to escape. */
  route: RouteLabel;
  status: number | "aborted";
  ms: number;
  retryAttempt: number | null;
}

/**
 * The one line every request ends with, in exactly the shape pino gives it (level, time, pid,
 * the fields, msg), written to the logger's own stream so lines stay in order. Built by hand:
 * pino's general serialiser cost a few microseconds a request, measurable in bench/api.
 */
let lastMs = 0;
let lastIso = "";

/** The time as ISO 8601, formatted once per millisecond: a busy server logs many lines in one. */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

export function writeAccessLine(log: Logger, entry: AccessEntry): void {
  const level = entry.status === "aborted" || entry.status >= 500 ? "warn" : "info";
  if (!log.isLevelEnabled(level)) return;
  const stream = (log as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym]!;
  stream.write(
    `{"level":"${level}","time":"${isoNow()}","pid":${process.pid},"reqId":"${entry.reqId}",` +
      (entry.method === undefined ? "" : `"method":${JSON.stringify(entry.method)},`) +
      (entry.url === undefined ? "" : `"url":${JSON.stringify(entry.url)},`) +
      `"route":"${entry.route}",` +
      `"status":${JSON.stringify(entry.status)},"ms":${entry.ms}${entry.retryAttempt !== null ? `,"retryAttempt":${entry.retryAttempt}` : ""},"msg":"request"}\n`,
  );
}
