export { createTestDatabase, pgAdminUrl, pgQuery, testProviders, withDatabase, type Provider, type TestDatabase } from "./databases.ts";
export { failoverFetch } from "./failover-fetch.ts";
export { metricSum, parseMetrics, scrapeMetrics, type MetricSample } from "./metrics.ts";
export { REPO_ROOT, SERVER_ENTRY, startServer, type StartOptions, type TestServer } from "./server.ts";
export { sqliteQuery } from "./sqlite.ts";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";
