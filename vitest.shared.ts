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
          test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["**/*.integration.test.ts", "**/node_modules/**"] },
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
