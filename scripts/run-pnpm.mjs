// `node scripts/run-pnpm.mjs …` = `pnpm …` with the pinned pnpm, installed on demand.
import { ensurePnpm, run } from "./lib.mjs";

run("pnpm", process.argv.slice(2), { env: ensurePnpm() });
