export { createTestDatabase, pgAdminUrl, pgQuery, testProviders, withDatabase, type Provider, type TestDatabase } from "./databases.js";
export { REPO_ROOT, SERVER_ENTRY, startServer, type StartOptions, type TestServer } from "./server.js";
