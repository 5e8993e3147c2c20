export { createTestDatabase, pgAdminUrl, pgQuery, testProviders, withDatabase, type Provider, type TestDatabase } from "./databases.ts";
export { failoverFetch } from "./failover-fetch.ts";
export { metricSum, parseMetrics, scrapeMetrics, type MetricSample } from "./metrics.ts";
export { OPERATOR_HEADERS, REPO_ROOT, SERVER_ARGS, SERVER_ENTRY, startServer, TEST_METRICS_TOKEN, type StartOptions, type TestServer } from "./server.ts";
export { sqliteQuery } from "./sqlite.ts";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";
export { holdPgLocks, waitForLockWait, type HeldLocks } from "./pg-locks.ts";
export { authHeaders, signUp, type TestAccount } from "./accounts.ts";
export { openEventStream, type ReceivedEvent, type TestEventStream } from "./event-stream.ts";
