import { performance } from "node:perf_hooks";
import {
  createTestDatabase,
  metricSum,
  OPERATOR_HEADERS,
  scrapeMetrics,
  sqliteQuery,
  startServer,
  startTcpProxy,
  testProviders,
  type TcpProxy,
  type TestDatabase,
  type TestServer,
  signUp,
} from "@tandem/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { makeApi, type Api } from "./support/harness.ts";
import { expectIntactHistory, runTokenWriters, tokensOf } from "./support/token-writers.ts";

// Faults while writers are busy: a process killed with SIGKILL (no cleanup), and the database
// going away (a restart, a partition). The promise under test stays the same: whatever was
// acknowledged is there exactly once, the history has no gap and no half-write, and service
// resumes by itself. PostgreSQL faults go through a TCP proxy in front of the shared server,
// so only this suite's connections are cut.

/** Resolves once `count` reaches `target` (a place to inject a fault mid-run). */
function milestone() {
  let fire: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (fire = resolve));
  return { reached, fire };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Polls until the instance reports healthy: recovery must happen without a restart. */
async function healthyWithin(api: Api, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await api.request("GET", "/api/health");
    if (r.status === 200) return;
    if (Date.now() > deadline) throw new Error(`still unhealthy after ${ms} ms: ${r.text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function database(provider: "sqlite" | "postgresql"): Promise<TestDatabase> {
  const db = await createTestDatabase(provider);
  cleanup.push(() => db.drop());
  return db;
}

async function server(databaseUrl: string, env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startServer({ databaseUrl, env });
  cleanup.push(() => s.kill9());
  return s;
}

async function proxyTo(db: TestDatabase): Promise<TcpProxy> {
  const url = new URL(db.url);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  cleanup.push(() => proxy.close());
  return proxy;
}

describe("SQLite: kill -9 during writes", () => {
  it("the file passes integrity_check, nothing acknowledged is lost, nothing is half-written (WAL)", async () => {
    const db = await database("sqlite");
    const first = await server(db.url);
    const api = makeApi(first.baseUrl, await signUp(first.baseUrl));
    const d = await api.seed("crash", "");
    expect(sqliteQuery<{ journal_mode: string }>(db.name, "PRAGMA journal_mode")[0]!.journal_mode).toBe("wal");

    const killAt = milestone();
    const writers = runTokenWriters({
      baseUrls: [first.baseUrl],
      token: api.account!.token,
      documentId: d.id,
      writers: 8,
      perWriter: 50,
      maxAttempts: 5,
      stopOnFailure: true,
      onAcknowledged: (n) => n === 40 && killAt.fire(),
    });
    await killAt.reached;
    await first.kill9();
    const run = await writers;

    // Writes were in flight when the process died; each writer's next attempt failed.
    expect(run.failures.length).toBeGreaterThan(0);
    expect(sqliteQuery<{ integrity_check: string }>(db.name, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    const stored = await expectIntactHistory(db, d.id);
    for (const token of run.acknowledged) expect(stored).toContain(token);
    for (const token of stored) expect(run.attempted).toContain(token);

    // A new process on the same file serves the same state and takes writes again.
    const second = await server(db.url);
    const again = makeApi(second.baseUrl, api.account);
    const now = await again.request("GET", `/api/documents/${d.id}`);
    expect(tokensOf(now.body.content)).toEqual(stored);
    const next = await again.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": now.headers.get("etag")! }, body: { title: "crash", content: `${now.body.content}after\n` } });
    expect(next.status).toBe(200);
    expect(next.body.version).toBe(stored.length + 2);
  });
});

describe.runIf(testProviders().includes("postgresql"))("PostgreSQL, two instances: faults under load", () => {
  it("kill -9 of one instance during the stress: no partial write, the other keeps serving, the clients retry through", async () => {
    const db = await database("postgresql");
    const [a, b] = await Promise.all([server(db.url), server(db.url)]);
    const ann = await signUp(a!.baseUrl);
    const d = await makeApi(a!.baseUrl, ann).seed("hot", "");
    const killAt = milestone();
    const writers = runTokenWriters({
      baseUrls: [a!.baseUrl, b!.baseUrl],
      token: ann.token,
      documentId: d.id,
      writers: 32,
      perWriter: 3,
      onAcknowledged: (n) => n === 30 && killAt.fire(),
    });
    await killAt.reached;
    await a!.kill9();
    const bWritesAtKill = metricSum(await scrapeMetrics(b!.baseUrl), "tandem_document_writes_total");
    const run = await writers;

    expect(run.failures).toEqual([]);
    expect(run.acknowledged).toHaveLength(32 * 3);
    // Writers whose instance died got network errors and carried on against the other one.
    expect(run.retries.unavailable).toBeGreaterThan(0);
    const final = await expectIntactHistory(db, d.id);
    expect([...final].sort()).toEqual([...run.acknowledged].sort());
    expect(metricSum(await scrapeMetrics(b!.baseUrl), "tandem_document_writes_total")).toBeGreaterThan(bWritesAtKill);
  });

  it("database restart during load: 503 problem+json quickly while down, full recovery after, nothing lost", async () => {
    const db = await database("postgresql");
    const proxy = await proxyTo(db);
    const env = { DATABASE_CONNECT_TIMEOUT_MS: "1000" };
    const instances = await Promise.all([server(proxy.via(db.url), env), server(proxy.via(db.url), env)]);
    const ann = await signUp(instances[0]!.baseUrl);
    const apis = instances.map((s) => makeApi(s.baseUrl, ann));
    const d = await apis[0]!.seed("hot", "");
    const before = (await Promise.all(instances.map((s) => scrapeMetrics(s.baseUrl)))).flat();

    const down = milestone();
    const sawOutage = milestone();
    let unavailable = 0;
    const writers = runTokenWriters({
      baseUrls: instances.map((s) => s.baseUrl),
      token: ann.token,
      documentId: d.id,
      writers: 8,
      perWriter: 8,
      onAcknowledged: (n) => n === 16 && down.fire(),
      onRetry: (reason) => reason === "unavailable" && ++unavailable === 8 && sawOutage.fire(),
    });
    await down.reached;
    proxy.cut();

    // While the database is away every instance answers at once, with a problem, not a hang.
    for (const api of apis) {
      const health = await timed(() => api.request("GET", "/api/health", { headers: OPERATOR_HEADERS }));
      expect(health.value.status).toBe(503);
      expect(health.value.body).toMatchObject({ status: "unavailable", database: "down" });
      // Bounds with room for a loaded 2-core machine; without the fail-fast settings these
      // requests hang for the driver's defaults (a minute or more).
      expect(health.ms).toBeLessThan(5_000);
      const read = await timed(() => api.request("GET", `/api/documents/${d.id}`));
      expect(read.value.status).toBe(503);
      expect(read.value.headers.get("content-type")).toBe("application/problem+json");
      expect(read.value.headers.get("retry-after")).toBe("1");
      expect(read.value.body).toMatchObject({ code: "service-unavailable", requestId: read.value.headers.get("x-request-id") });
      expect(read.ms).toBeLessThan(5_000);
    }
    await sawOutage.reached;
    proxy.restore();
    for (const api of apis) await healthyWithin(api, 10_000);
    const run = await writers;

    expect(run.failures).toEqual([]);
    expect(run.acknowledged).toHaveLength(64);
    const final = await expectIntactHistory(db, d.id);
    expect([...final].sort()).toEqual([...run.acknowledged].sort());
    const after = (await Promise.all(instances.map((s) => scrapeMetrics(s.baseUrl)))).flat();
    const delta = (labels: Record<string, string>) => metricSum(after, "tandem_http_requests_total", labels) - metricSum(before, "tandem_http_requests_total", labels);
    expect(delta({ status: "503" })).toBeGreaterThan(0);
    expect(delta({ status: "500" })).toBe(0);
    // Errors logged inside route handlers carry the request id too.
    const errors = instances.flatMap((s) => s.logLines()).filter((l) => l.level === "error");
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line.reqId).toEqual(expect.any(String));
  });

  it("a partition (the database stops answering, connections stay open): 503 within the configured timeouts, then recovery", async () => {
    const db = await database("postgresql");
    const proxy = await proxyTo(db);
    const s = await server(proxy.via(db.url), { DATABASE_CONNECT_TIMEOUT_MS: "1000", DATABASE_STATEMENT_TIMEOUT_MS: "1000" });
    const api = makeApi(s.baseUrl, await signUp(s.baseUrl));
    const d = await api.seed("partition", "");
    expect((await api.request("GET", `/api/documents/${d.id}`)).status).toBe(200);

    proxy.blackhole();
    // Pooled connections stall until the client-side statement limit (1 s + 1 s); new ones
    // until the connect timeout (1 s); health gives up after connect timeout + 1 s.
    const results = await Promise.all([
      timed(() => api.request("GET", `/api/documents/${d.id}`)),
      timed(() => api.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "p", content: "during" } })),
      timed(() => api.request("GET", "/api/health")),
    ]);
    for (const { value, ms } of results) {
      expect(value.status).toBe(503);
      expect(ms).toBeLessThan(8_000);
    }
    expect(results[0]!.value.body).toMatchObject({ code: "service-unavailable" });

    proxy.restore();
    await healthyWithin(api, 10_000);
    const now = await api.request("GET", `/api/documents/${d.id}`);
    expect(now.status).toBe(200);
    const write = await api.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": now.headers.get("etag")! }, body: { title: "p", content: "after" } });
    expect(write.status).toBe(200);
    expect(write.body.version).toBe(now.body.version + 1);
  });
});
