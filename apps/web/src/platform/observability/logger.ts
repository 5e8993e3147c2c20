import pino, { type Level, type Logger } from "pino";

let instance: Logger | undefined;

const FLUSH_MS = 100;

/**
 * The process's JSON logger: one object per line on stdout, ISO time, level as a word. The
 * first call decides the level (the Node server passes LOG_LEVEL before anything else logs).
 */
export function logger(level: Level | "silent" = "info", fd: 1 | 2 = 1): Logger {
  if (instance) return instance;
  // Lines collect in a buffer and go out 4 KB at a time (or every FLUSH_MS when traffic is
  // light): one write for a dozen request lines instead of a write each, which cost more than
  // the request itself in bench/api. Written synchronously, in order, from this thread (no
  // thread-pool round trip per batch); pending lines are flushed when the process exits
  // (process.exit() included); only a kill -9 can lose the last FLUSH_MS of lines.
  const destination = pino.destination({ dest: fd, sync: true, minLength: 4096 });
  setInterval(() => destination.flushSync(), FLUSH_MS).unref();
  // Pino flushes on exit only for asynchronous destinations; this one is synchronous.
  process.on("exit", () => destination.flushSync());
  instance = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return instance;
}
