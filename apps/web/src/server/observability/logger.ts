import pino, { type Level, type Logger } from "pino";

// The Node server (server/main.ts, compiled by tsc) and the route handlers (Next's bundle) are
// two module graphs; keeping the logger on globalThis gives both one instance, one format and
// one destination. No relative imports: both graphs load this file (see errors.ts).
const holder = globalThis as typeof globalThis & { tandemLogger?: Logger };

/**
 * The process's JSON logger: one object per line on stdout, ISO time, level as a word. The
 * first call decides the level (the Node server passes LOG_LEVEL before anything else logs).
 */
export function logger(level: Level | "silent" = "info"): Logger {
  holder.tandemLogger ??= pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous: a line logged before a crash or process.exit() is never lost in a buffer.
    pino.destination({ dest: 1, sync: true }),
  );
  return holder.tandemLogger;
}
