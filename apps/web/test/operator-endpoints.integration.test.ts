import { createTestDatabase, OPERATOR_HEADERS, parseMetrics, startServer, testProviders, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

for (const provider of testProviders()) {
  describe(`GET /api/metrics and /api/health: operators only (${provider})`, () => {
    let db: TestDatabase;
    let server: TestServer;
    let metricsPort: number;

    beforeAll(async () => {
      db = await createTestDatabase(provider);
      metricsPort = await freePort();
      server = await startServer({ databaseUrl: db.url, env: { METRICS_PORT: String(metricsPort) } });
    });
    afterAll(async () => {
      await server?.stop();
      await db?.drop();
    });

    it.each([
      ["no credential", {}],
      ["a wrong token", { authorization: "Bearer test-operator-token-0123456780" }],
      ["the token without Bearer", { authorization: "test-operator-token-0123456789" }],
      ["another scheme", { authorization: "Basic dGVzdDp0ZXN0" }],
    ])("/api/metrics with %s → 404, like a path that does not exist", async (_name, headers) => {
      const r = await fetch(`${server.baseUrl}/api/metrics`, { headers });
      expect(r.status).toBe(404);
      expect(await r.json()).toMatchObject({ code: "not-found", detail: "No API resource at /api/metrics." });
    });

    it("/api/metrics with the operators' token → the Prometheus text", async () => {
      const r = await fetch(`${server.baseUrl}/api/metrics`, { headers: OPERATOR_HEADERS });
      expect(r.status).toBe(200);
      expect(parseMetrics(await r.text()).some((s) => s.name === "tandem_http_requests_total")).toBe(true);
    });

    it("/api/health says only up or down without the token, everything with it", async () => {
      const anyone = await fetch(`${server.baseUrl}/api/health`);
      expect(anyone.status).toBe(200);
      expect(await anyone.json()).toEqual({ status: "ok" });
      const operator = await fetch(`${server.baseUrl}/api/health`, { headers: OPERATOR_HEADERS });
      expect(await operator.json()).toEqual({ status: "ok", provider, database: "up", migrations: { current: true, pending: [] } });
    });

    it("METRICS_PORT serves GET /metrics without a credential, on the loopback, and nothing else", async () => {
      const r = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(parseMetrics(await r.text()).some((s) => s.name === "tandem_http_requests_in_flight")).toBe(true);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/api/documents`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { method: "POST" })).status).toBe(404);
    });
  });
}
