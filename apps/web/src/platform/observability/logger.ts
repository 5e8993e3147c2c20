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
    // Asynchronous: lines logged while a write is under way go out together in the next one,
    // so a busy server pays one write for many lines, in order. Pino flushes what is pending
    // synchronously when the process exits (process.exit() included); only a kill -9 can
    // lose the lines of the last moment.
    pino.destination({ dest: 1, sync: false }),
  );
  return instance;
}
