import { defineConfig } from "vitest/config";

// Correctness, not speed (bench/merge holds the speed figures): the differential and CLI tests
// run git and child processes, and get the time a busy 2-core machine needs.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 } });
