// The two test tiers every package shares: `*.test.ts` (unit) and `*.integration.test.ts`
// (real server processes and real databases, one file at a time: they start servers and
// 2 cores are all a machine here has).
import { defineConfig, type ViteUserConfig } from "vitest/config";

export function tieredConfig(extra: ViteUserConfig = {}) {
  return defineConfig({
    ...extra,
    test: {
      projects: [
        {
          extends: true,
          // Correctness, not speed (benchmarks hold the speed targets): a generous timeout keeps
          // property tests and child-process tests green on a busy 2-core machine.
          test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["**/*.integration.test.ts", "**/node_modules/**"], testTimeout: 60_000 },
        },
        {
          extends: true,
          test: {
            name: "integration",
            include: ["test/**/*.integration.test.ts"],
            testTimeout: 120_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ],
    },
  });
}
