import { createTestDatabase, metricSum, scrapeMetrics, signUp, startServer, startTcpProxy, type TestAccount, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, DocumentsClient, GoneError, NetworkError, RetriesExhaustedError, WriteOutcomeUnknownError, type Versioned } from "../src/index.ts";

// One provider is enough here: the server's behaviour per database is the web app's suites'
// business; these tests are about what the client does with real answers.
describe("DocumentsClient against a running server", () => {
  let db: TestDatabase;
  let server: TestServer;
  const seen: { method: string; headers: Headers; status: number }[] = [];
  /** Every request as it was sent, answered or not. */
  const sent: { method: string; headers: Headers }[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    sent.push({ method: init?.method ?? "GET", headers: new Headers(init?.headers) });
    const res = await fetch(input, init);
    seen.push({ method: init?.method ?? "GET", headers: new Headers(init?.headers), status: res.status });
    return res;
  };
  let ann: TestAccount;
  const client = (account: TestAccount = ann) => new DocumentsClient({ baseUrl: server.baseUrl, fetch: recordingFetch, token: account.token });

  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    // Some tests reach the server through a TCP proxy on another port: the Host they send
    // names the proxy, which is allowed like a reverse proxy's public name would be.
    server = await startServer({ databaseUrl: db.url, env: { TANDEM_ALLOWED_HOSTS: "127.0.0.1" } });
    ann = await signUp(server.baseUrl, { name: "Ann" });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("revalidates with If-None-Match and serves a 304 from its cache", async () => {
    const c = client();
    const created = await c.create({ title: "t", content: "c" });
    seen.length = 0;
    const again = await c.get(created.doc.id);
    expect(again).toBe(created);
    expect(seen[0]!.headers.get("if-none-match")).toBe(created.etag);
    expect(seen[0]!.status).toBe(304);
  });

  it("sends If-Match and the token; the change is authored by the token's account", async () => {
    const c = client(await signUp(server.baseUrl, { name: "Zoë" }));
    const created = await c.create({ title: "t", content: "c" });
    seen.length = 0;
    const saved = await c.replace(created.doc.id, { title: "t", content: "d" });
    expect(seen[0]!.headers.get("if-match")).toBe(created.etag);
    expect(seen[0]!.headers.get("authorization")).toMatch(/^Bearer tdm_/);
    expect(saved.doc).toMatchObject({ version: 2, updatedBy: "Zoë" });
    expect(c.peek(created.doc.id)).toEqual(saved);
  });

  it("revisionsPage(): pages oldest first, or newest first with order, following Link to the end", async () => {
    const c = client();
    let current = await c.create({ title: "paged", content: "0" });
    for (let v = 1; v < 5; v++) current = await c.replace(current.doc.id, { title: "paged", content: String(v) });
    const walk = async (order?: "oldest" | "newest") => {
      const versions: number[] = [];
      let next: string | null = null;
      do {
        const page = await c.revisionsPage(current.doc.id, { order, limit: 2, next });
        versions.push(...page.items.map((r) => r.version));
        next = page.next;
      } while (next !== null);
      return versions;
    };
    expect(await walk()).toEqual([1, 2, 3, 4, 5]);
    expect(await walk("newest")).toEqual([5, 4, 3, 2, 1]);
  });

  it("turns a 412 into a ConflictError carrying the current state and its ETag", async () => {
    // Two clients of one account: two tabs, or a script and a tab.
    const a = client();
    const b = client();
    const created = await a.create({ title: "t", content: "base" });
    const won = await b.replace(created.doc.id, { title: "t", content: "b wins" }, { ifMatch: created.etag });
    const error = await a.replace(created.doc.id, { title: "t", content: "a loses" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).current).toEqual(won);
    // The client now knows the newer state: a merge can be written against it directly.
    expect(a.peek(created.doc.id)).toEqual(won);
  });

  it("update(): concurrent read-modify-writes retry on 412 until every increment lands", async () => {
    const setup = client();
    const { doc } = await setup.create({ title: "counter", content: "0" });
    const retries: number[] = [];
    const workers = Array.from({ length: 6 }, () => new DocumentsClient({ baseUrl: server.baseUrl, token: ann.token, onRetry: (r) => retries.push(r.attempt) }));
    const results = await Promise.all(
      workers.map(async (c) => {
        const attempts: number[] = [];
        for (let i = 0; i < 5; i++) {
          const r = await c.update(doc.id, (cur) => ({ title: cur.doc.title, content: String(Number(cur.doc.content) + 1) }), { maxAttempts: 50, baseDelayMs: 5 });
          attempts.push(r.attempts);
        }
        return attempts;
      }),
    );
    const final = await setup.get(doc.id);
    expect(final.doc.content).toBe("30");
    expect(final.doc.version).toBe(31);
    expect(results.flat().some((a) => a > 1)).toBe(true);
    expect(retries.length).toBe(results.flat().reduce((n, a) => n + a - 1, 0));
  });

  it("update(): gives up after maxAttempts with the last conflict", async () => {
    const a = client();
    const rival = client();
    const { doc } = await a.create({ title: "t", content: "0" });
    let calls = 0;
    const error = await a
      .update(
        doc.id,
        async (cur) => {
          calls++;
          // Someone else always gets in between our read and our write.
          await rival.update(doc.id, (r) => ({ title: "t", content: `${r.doc.content}+` }));
          return { title: "t", content: `${cur.doc.content}!` };
        },
        { maxAttempts: 3, baseDelayMs: 1 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(3);
    expect(calls).toBe(3);
    expect((await a.get(doc.id)).doc.content).toBe("0+++");
  });

  it("update(): stops when its AbortSignal fires during the backoff", async () => {
    const a = client();
    const rival = client();
    const { doc } = await a.create({ title: "t", content: "0" });
    const controller = new AbortController();
    const pending = a.update(
      doc.id,
      async (cur) => {
        await rival.update(doc.id, (r) => ({ title: "t", content: `${r.doc.content}x` }));
        setTimeout(() => controller.abort(new Error("user cancelled")), 5);
        return { title: "t", content: cur.doc.content };
      },
      { signal: controller.signal, baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.99 },
    );
    await expect(pending).rejects.toThrow("user cancelled");
  });

  it("update(): every retried write says its attempt in X-Tandem-Retry, and the server counts exactly those", async () => {
    const setup = client();
    const { doc } = await setup.create({ title: "counter", content: "0" });
    const retriesBefore = metricSum(await scrapeMetrics(server.baseUrl), "tandem_write_retries_total");
    seen.length = 0;
    const workers = Array.from({ length: 6 }, () => client());
    const results = await Promise.all(
      workers.map(async (c) => {
        const attempts: number[] = [];
        for (let i = 0; i < 4; i++) {
          const r = await c.update(doc.id, (cur) => ({ title: cur.doc.title, content: String(Number(cur.doc.content) + 1) }), { maxAttempts: 50, baseDelayMs: 2 });
          attempts.push(r.attempts);
        }
        return attempts;
      }),
    );
    const attempts = results.flat();
    const retried = attempts.reduce((n, a) => n + a - 1, 0);
    expect(retried).toBeGreaterThan(0);
    const puts = seen.filter((r) => r.method === "PUT");
    const reported = puts.map((r) => r.headers.get("x-tandem-retry")).filter((h) => h !== null);
    // First attempts carry no header; attempt k carries "k": one header per retry.
    expect(puts.length - reported.length).toBe(attempts.length);
    expect(reported).toHaveLength(retried);
    expect(reported.map(Number).sort((a, b) => a - b)).toEqual(attempts.flatMap((a) => Array.from({ length: a - 1 }, (_, i) => i + 2)).sort((a, b) => a - b));
    const retriesAfter = metricSum(await scrapeMetrics(server.baseUrl), "tandem_write_retries_total");
    expect(retriesAfter - retriesBefore).toBe(retried);
  });

  describe("through a connection that fails (a TCP proxy in front of the server)", () => {
    const counter = (cur: Versioned) => ({ title: cur.doc.title, content: `${cur.doc.content}+` });

    async function viaProxy() {
      const proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(server.baseUrl).port) });
      const reasons: string[] = [];
      const c = new DocumentsClient({
        baseUrl: proxy.via(server.baseUrl).replace(/\/$/, ""),
        fetch: recordingFetch,
        token: ann.token,
        onRetry: (r) => {
          reasons.push(r.reason);
          void proxy.restore();
        },
      });
      return { proxy, c, reasons };
    }

    it("server unreachable at first: the read is retried, then the write goes through once", async () => {
      const { doc } = await client().create({ title: "t", content: "0" });
      const { proxy, c, reasons } = await viaProxy();
      try {
        proxy.cut();
        const r = await c.update(doc.id, counter, { baseDelayMs: 1 });
        expect(r.attempts).toBe(2);
        expect(reasons).toEqual(["unavailable"]);
        expect(r.doc).toMatchObject({ content: "0+", version: 2 });
      } finally {
        await proxy.close();
      }
    });

    it("the write fails before reaching the server: the unchanged ETag proves it was not applied, so it is sent again", async () => {
      const { doc } = await client().create({ title: "t", content: "0" });
      const { proxy, c, reasons } = await viaProxy();
      try {
        seen.length = 0;
        let calls = 0;
        const r = await c.update(
          doc.id,
          async (cur) => {
            if (++calls === 1) proxy.cut();
            return counter(cur);
          },
          { baseDelayMs: 1 },
        );
        expect(reasons).toEqual(["unavailable"]);
        expect(r).toMatchObject({ attempts: 2, doc: { content: "0+", version: 2 } });
        expect(seen.filter((x) => x.method === "PUT").at(-1)!.headers.get("x-tandem-retry")).toBe("2");
      } finally {
        await proxy.close();
      }
    });

    it("the write is applied but its answer is lost: resent with the same Idempotency-Key, the server answers what it did — applied once", async () => {
      const { doc } = await client().create({ title: "t", content: "start" });
      const { proxy, c, reasons } = await viaProxy();
      try {
        sent.length = 0;
        let calls = 0;
        const r = await c.update(
          doc.id,
          (cur) => {
            // Read done; the write's answer will be lost.
            if (++calls === 1) proxy.dropResponses();
            return { title: "t", content: `${cur.doc.content}\nedit` };
          },
          { baseDelayMs: 1 },
        );
        expect(calls).toBe(1);
        expect(reasons).toEqual(["unavailable"]);
        expect(r.doc).toMatchObject({ content: "start\nedit", version: 2 });
        const puts = sent.filter((x) => x.method === "PUT");
        expect(puts).toHaveLength(2);
        expect(puts[1]!.headers.get("idempotency-key")).toBe(puts[0]!.headers.get("idempotency-key"));
        expect((await client().get(doc.id)).doc.version).toBe(2);
      } finally {
        await proxy.close();
      }
    });

    /** Every PUT reaches the server, and every answer to it is lost on the way back. */
    const losingPutAnswers: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === "PUT") {
        await res.arrayBuffer();
        throw new TypeError("fetch failed: the connection was reset");
      }
      return res;
    };

    it("no answer within maxAttempts: WriteOutcomeUnknownError with the document as it is — the write applied exactly once", async () => {
      const { doc } = await client().create({ title: "t", content: "0" });
      const c = new DocumentsClient({ baseUrl: server.baseUrl, fetch: losingPutAnswers, token: ann.token });
      const error = await c.update(doc.id, counter, { baseDelayMs: 1, maxAttempts: 3 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
      expect((error as WriteOutcomeUnknownError).current?.doc).toMatchObject({ content: "0+", version: 2 });
      expect((error as WriteOutcomeUnknownError).cause).toBeInstanceOf(NetworkError);
      expect((await client().get(doc.id)).doc).toMatchObject({ content: "0+", version: 2 });
    });

    it("no answer within maxAttempts, but `applied` recognises the change: success", async () => {
      const { doc } = await client().create({ title: "t", content: "0" });
      const c = new DocumentsClient({ baseUrl: server.baseUrl, fetch: losingPutAnswers, token: ann.token });
      const r = await c.update(doc.id, counter, { baseDelayMs: 1, maxAttempts: 3, applied: (cur) => cur.doc.content === "0+" });
      expect(r).toMatchObject({ attempts: 3, doc: { content: "0+", version: 2 } });
    });

    it("the server stays unreachable: gives up after maxAttempts with the network failure as the cause", async () => {
      const { doc } = await client().create({ title: "t", content: "0" });
      const proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(server.baseUrl).port) });
      try {
        proxy.cut();
        const c = new DocumentsClient({ baseUrl: proxy.via(server.baseUrl).replace(/\/$/, ""), token: ann.token });
        const error = await c.update(doc.id, counter, { maxAttempts: 3, baseDelayMs: 1 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RetriesExhaustedError);
        expect((error as RetriesExhaustedError).attempts).toBe(3);
        expect((error as RetriesExhaustedError).lastConflict).toBeNull();
        expect((error as RetriesExhaustedError).cause).toBeInstanceOf(NetworkError);
      } finally {
        await proxy.close();
      }
    });
  });

  it("a deleted document: writes get a ConflictError with `deleted`, reads a GoneError", async () => {
    const a = client();
    const { doc, etag } = await a.create({ title: "t", content: "c" });
    await client().remove(doc.id, { ifMatch: etag });
    const write = await a.replace(doc.id, { title: "t", content: "mine" }, { ifMatch: etag }).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(ConflictError);
    expect((write as ConflictError).deleted?.deletedBy).toBe("Ann");
    await expect(a.get(doc.id)).rejects.toBeInstanceOf(GoneError);
  });
});
