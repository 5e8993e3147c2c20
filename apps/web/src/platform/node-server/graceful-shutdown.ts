import type http from "node:http";
import { closeDatabase } from "../database.ts";
import { logger } from "../observability/logger.ts";
import type { RequestListener } from "./request-listener.ts";

/**
 * SIGTERM / SIGINT: stop accepting connections, let every request in flight finish (each
 * response closes its connection), then close the database pool and exit 0. Past `graceMs`
 * the remaining connections are cut and the exit code is 1.
 */
export function installGracefulShutdown(
  server: http.Server,
  requests: RequestListener,
  graceMs: number,
  closeOthers: () => Promise<void> = async () => {},
  /** At the start of the drain: what never finishes by itself (event streams) is ended. */
  onDrain: () => void = () => {},
): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    requests.drain();
    onDrain();
    server.close(() => {
      logger().info("in-flight requests finished; closing the database pool");
      Promise.all([closeDatabase(), closeOthers()]).then(
        () => {
          logger().info("database pool closed; exiting");
          process.exit(0);
        },
        (error: unknown) => {
          logger().error({ err: error }, "closing the database pool failed");
          process.exit(1);
        },
      );
    });
    // A keep-alive connection that falls idle after its last response would keep close()
    // waiting until the client hangs up; sweep them while draining.
    server.closeIdleConnections();
    // Logged once the port is closed: whoever reads this line can rely on it.
    logger().info({ signal, inFlight: requests.inFlight() }, `${signal}: no new connections; finishing in-flight requests`);
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => {
      logger().error({ inFlight: requests.inFlight() }, `in-flight requests did not finish in ${graceMs} ms; exiting`);
      server.closeAllConnections();
      process.exit(1);
    }, graceMs).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
