export { createTestDatabase, pgAdminUrl, pgQuery, testProviders, withDatabase, type Provider, type TestDatabase } from "./databases.js";
export { failoverFetch } from "./failover-fetch.js";
export { metricSum, parseMetrics, scrapeMetrics, type MetricSample } from "./metrics.js";
export { REPO_ROOT, SERVER_ENTRY, startServer, type StartOptions, type TestServer } from "./server.js";
export { sqliteQuery } from "./sqlite.js";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";
