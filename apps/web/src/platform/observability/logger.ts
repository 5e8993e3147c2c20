import pino, { type Level, type Logger } from "pino";

let instance: Logger | undefined;

/**
 * The process's JSON logger: one object per line on stdout, ISO time, level as a word. The
 * first call decides the level (the Node server passes LOG_LEVEL before anything else logs).
 */
export function logger(level: Level | "silent" = "info"): Logger {
  instance ??= pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous: a line logged before a crash or process.exit() is never lost in a buffer.
    pino.destination({ dest: 1, sync: true }),
  );
  return instance;
}
