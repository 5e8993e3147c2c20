// `npm start`: on a machine with only Node 20+ and npm — installs dependencies (pinned pnpm),
// generates the Prisma clients, builds what changed, then serves on PORT (default 3000).
// The server applies pending migrations before it opens the port. DATABASE_URL: file:… for
// SQLite (default file:./data/tandem.db, relative to the repository root) or postgresql://….
import path from "node:path";
import { ensurePnpm, handOver, installDependencies, log, ROOT, run } from "./lib.mjs";

const env = ensurePnpm();
installDependencies(env);
log("building (turbo skips what has not changed)");
run("pnpm", ["exec", "turbo", "run", "build", "--filter=@tandem/web...", "--output-logs=errors-only"], { env });
env.NODE_ENV = "production";
log(`starting on ${env.HOST ?? "127.0.0.1"}:${env.PORT ?? "3000"} with ${env.DATABASE_URL ? "DATABASE_URL" : "the embedded SQLite database (data/tandem.db)"}`);
// Built just now, with the server it configures.
const { SERVER_NODE_FLAGS } = await import("../packages/contract/dist/index.js");
handOver(process.execPath, [...SERVER_NODE_FLAGS, path.join(ROOT, "apps", "web", "dist-server", "server", "main.js")], { env, cwd: path.join(ROOT, "apps", "web") });
