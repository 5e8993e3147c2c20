import { defineConfig, devices } from "@playwright/test";

// Chromium comes from Debian (`apt-get install chromium`): Playwright's own download cannot
// run on these machines. The flags keep it off the network it cannot reach anyway.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

const ci = !!process.env.CI;
const databases = (process.env.TANDEM_TEST_DATABASES ?? "sqlite,postgresql").split(",");
// TANDEM_E2E_PORT_OFFSET lets several checkouts run the suite side by side on one machine.
const OFFSET = Number(process.env.TANDEM_E2E_PORT_OFFSET ?? 0);
const PORTS = { sqlite: 3301 + OFFSET, postgresql: 3302 + OFFSET } as const;
const providers = (Object.keys(PORTS) as (keyof typeof PORTS)[]).filter((p) => databases.includes(p));

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  outputDir: "../test-results",
  fullyParallel: true,
  workers: ci ? 2 : 2,
  retries: 0,
  forbidOnly: ci,
  // Two workers on two cores each drive two or three browsers against two servers: a step that
  // takes 1 s alone can take several under that load. Waiting longer costs a passing test nothing.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "../playwright-report" }]],
  use: {
    ...devices["Desktop Chrome"],
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
  },
  // Several instances share one database on PostgreSQL only: SQLite is one instance by design.
  projects: providers.map((provider) => ({ name: provider, use: { baseURL: `http://127.0.0.1:${PORTS[provider]}` }, ...(provider === "sqlite" ? { testIgnore: /two-instances/ } : {}) })),
  webServer: providers.map((provider) => ({
    command: `node serve.mjs ${provider} ${PORTS[provider]}`,
    url: `http://127.0.0.1:${PORTS[provider]}/api/health`,
    reuseExistingServer: !ci,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    stdout: "ignore",
    stderr: "pipe",
  })),
});
