import { metricSum, OPERATOR_HEADERS, parseMetrics, scrapeMetrics, testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer, type Api } from "./support/harness.ts";

const JSON_HEADERS = { "content-type": "application/json" };

/** Scrapes before and after `traffic`; returns the change of one summed series. */
async function measure(api: Api, traffic: () => Promise<void>) {
  const before = await scrapeMetrics(api.baseUrl);
  await traffic();
  const after = await scrapeMetrics(api.baseUrl);
  return (name: string, labels: Record<string, string> = {}) => metricSum(after, name, labels) - metricSum(before, name, labels);
}

function put(api: Api, id: string, headers: Record<string, string>, content = "x") {
  return api.request("PUT", `/api/documents/${id}`, { headers, body: { title: "t", content } });
}

for (const provider of testProviders()) {
  describe(`operations: metrics, request ids, logs (${provider})`, () => {
    const api = useServer(provider);

    describe("GET /api/metrics", () => {
      it("serves the Prometheus text format with every series the operations guide describes", async () => {
        const res = await fetch(`${api().baseUrl}/api/metrics`, { headers: OPERATOR_HEADERS });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
        expect(res.headers.get("cache-control")).toBe("no-store");
        const text = await res.text();
        for (const name of [
          "tandem_http_requests_total",
          "tandem_http_request_duration_seconds",
          "tandem_http_requests_in_flight",
          "tandem_not_modified_total",
          "tandem_precondition_failed_total",
          "tandem_precondition_required_total",
          "tandem_document_writes_total",
          "tandem_write_retries_total",
          "tandem_process_cpu_seconds_total",
        ]) {
          expect(text).toMatch(new RegExp(`^# TYPE ${name} `, "m"));
        }
        expect(() => parseMetrics(text)).not.toThrow();
      });

      it("HEAD has no body, OPTIONS lists the methods, other methods get 405 problem+json", async () => {
        const head = await api().request("HEAD", "/api/metrics", { headers: OPERATOR_HEADERS });
        expect(head.status).toBe(200);
        expect(head.text).toBe("");
        const options = await api().request("OPTIONS", "/api/metrics");
        expect(options.status).toBe(204);
        expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
        const post = await api().request("POST", "/api/metrics", { body: {} });
        expect(post.status).toBe(405);
        expect(post.body).toMatchObject({ code: "method-not-allowed", requestId: post.headers.get("x-request-id") });
      });

      it("counts each request once by route pattern, method and status, with its latency, and never a document id as a label", async () => {
        const d = await api().seed();
        const delta = await measure(api(), async () => {
          expect((await api().request("GET", `/api/documents/${d.id}`)).status).toBe(200);
          expect((await api().request("GET", `/api/documents/${d.id}`)).status).toBe(200);
          expect((await api().request("GET", "/api/documents/no-such-doc")).status).toBe(404);
          expect((await api().request("GET", `/api/documents/${d.id}/revisions/1`)).status).toBe(200);
          expect((await api().request("TRACE", "/api/documents")).status).toBe(405);
          expect((await api().request("GET", "/api/nothing/here")).status).toBe(404);
        });
        const doc = { route: "/api/documents/:id", method: "GET" };
        expect(delta("tandem_http_requests_total", { ...doc, status: "200" })).toBe(2);
        expect(delta("tandem_http_requests_total", { ...doc, status: "404" })).toBe(1);
        expect(delta("tandem_http_requests_total", { route: "/api/documents/:id/revisions/:version", method: "GET", status: "200" })).toBe(1);
        expect(delta("tandem_http_requests_total", { route: "/api/documents", method: "OTHER", status: "405" })).toBe(1);
        expect(delta("tandem_http_requests_total", { route: "/api/other", method: "GET", status: "404" })).toBe(1);
        expect(delta("tandem_http_request_duration_seconds_count", doc)).toBe(3);
        expect(delta("tandem_http_request_duration_seconds_bucket", { ...doc, le: "+Inf" })).toBe(3);
        expect(delta("tandem_http_request_duration_seconds_sum", doc)).toBeGreaterThan(0);
        const text = await (await fetch(`${api().baseUrl}/api/metrics`)).text();
        expect(text).not.toContain(d.id);
        expect(text).not.toContain("no-such-doc");
        expect(text).not.toContain("/api/nothing");
      });

      it("counts 304s, 412s, 428s, successful writes by precondition, and the retries clients report", async () => {
        const d = await api().seed();
        const delta = await measure(api(), async () => {
          expect((await api().request("GET", `/api/documents/${d.id}`, { headers: { "if-none-match": d.etag } })).status).toBe(304);
          expect((await put(api(), d.id, {})).status).toBe(428);
          const ok = await put(api(), d.id, { "if-match": d.etag });
          expect(ok.status).toBe(200);
          expect((await put(api(), d.id, { "if-match": d.etag })).status).toBe(412);
          expect((await put(api(), d.id, { "if-match": ok.headers.get("etag")!, "x-tandem-retry": "2" })).status).toBe(200);
          expect((await put(api(), d.id, { "if-match": "*", "x-tandem-retry": "3" })).status).toBe(200);
          expect((await api().request("PUT", `/api/documents/new-${Date.now().toString(36)}`, { headers: { "if-none-match": "*" }, body: { title: "t", content: "" } })).status).toBe(201);
          expect((await api().request("POST", "/api/documents", { body: { title: "t", content: "" } })).status).toBe(201);
          const latest = await api().request("GET", `/api/documents/${d.id}`);
          expect((await api().request("PATCH", `/api/documents/${d.id}`, { headers: { "if-match": latest.headers.get("etag")!, "content-type": "application/merge-patch+json" }, raw: '{"title":"p"}' })).status).toBe(200);
        });
        expect(delta("tandem_not_modified_total", { route: "/api/documents/:id" })).toBe(1);
        expect(delta("tandem_precondition_required_total", { route: "/api/documents/:id", method: "PUT" })).toBe(1);
        expect(delta("tandem_precondition_failed_total", { route: "/api/documents/:id", method: "PUT" })).toBe(1);
        expect(delta("tandem_document_writes_total", { method: "PUT", precondition: "if-match" })).toBe(2);
        expect(delta("tandem_document_writes_total", { method: "PUT", precondition: "if-match-any" })).toBe(1);
        expect(delta("tandem_document_writes_total", { method: "PUT", precondition: "if-none-match" })).toBe(1);
        expect(delta("tandem_document_writes_total", { method: "POST", precondition: "none" })).toBe(1);
        expect(delta("tandem_document_writes_total", { method: "PATCH" })).toBe(1);
        expect(delta("tandem_document_writes_total")).toBe(6);
        expect(delta("tandem_write_retries_total")).toBe(2);
      });

      it("a malformed X-Tandem-Retry → 400 invalid-header; the write is not applied and no retry is counted", async () => {
        const d = await api().seed();
        for (const value of ["x", "1", "0", "-2", "2.5", "1001", "99999", "2, 3"]) {
          const delta = await measure(api(), async () => {
            const r = await put(api(), d.id, { "if-match": d.etag, "x-tandem-retry": value });
            expect(r.status, value).toBe(400);
            expect(r.headers.get("content-type")).toBe("application/problem+json");
            expect(r.body).toMatchObject({ code: "invalid-header", header: "X-Tandem-Retry", requestId: r.headers.get("x-request-id") });
          });
          expect(delta("tandem_write_retries_total"), value).toBe(0);
          expect(delta("tandem_document_writes_total"), value).toBe(0);
        }
        expect((await api().request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
        const top = await put(api(), d.id, { "if-match": d.etag, "x-tandem-retry": "1000" });
        expect(top.status).toBe(200);
      });
    });

    describe("request ids", () => {
      it("every response has X-Request-Id: a sane incoming id is kept, anything else replaced by a fresh one", async () => {
        const d = await api().seed();
        const kept = await api().request("GET", `/api/documents/${d.id}`, { headers: { "x-request-id": "proxy-4f2a.7:1" } });
        expect(kept.headers.get("x-request-id")).toBe("proxy-4f2a.7:1");
        for (const bad of ["x".repeat(129), "has space", "quote\"d", "{json}"]) {
          const r = await api().request("GET", `/api/documents/${d.id}`, { headers: { "x-request-id": bad } });
          expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
        }
        const ids = new Set<string>();
        for (const [method, path, headers] of [
          ["GET", `/api/documents/${d.id}`, {}],
          ["GET", `/api/documents/${d.id}`, { "if-none-match": d.etag }],
          ["HEAD", `/api/documents/${d.id}`, {}],
          ["GET", "/api/health", {}],
          ["GET", "/api/metrics", {}],
          ["TRACE", "/api/documents", {}],
          ["OPTIONS", "/api/documents", {}],
        ] as const) {
          const r = await api().request(method, path, { headers });
          const id = r.headers.get("x-request-id");
          expect(id, `${method} ${path}`).toMatch(/^[0-9a-f-]{36}$/);
          ids.add(id!);
        }
        expect(ids.size).toBe(7);
      });

      it("every problem body carries the response's request id, whoever answered", async () => {
        const d = await api().seed();
        const problems = [
          await api().request("GET", "/api/documents/missing"), // route wrapper, 404
          await put(api(), d.id, {}), // 428
          await put(api(), d.id, { "if-match": '"0.stale"' }), // 412
          await api().request("POST", "/api/documents", { headers: JSON_HEADERS, raw: "{" }), // 400 invalid-json
          await api().request("POST", "/api/documents", { body: { title: 5 } }), // 422
          await api().request("PROPFIND", "/api/documents"), // Node server, 405
          await api().request("GET", "/api/documents/%E0%A4%A"), // Node server, 400
          await api().request("GET", "/api/documents", { headers: { "x-request-id": "mine-1", "x-tandem-retry": "no" } }),
        ];
        for (const r of problems) {
          expect(r.headers.get("content-type")).toBe("application/problem+json");
          expect(r.status).toBeGreaterThanOrEqual(400);
          expect(r.status).toBeLessThan(500);
          expect(r.body.requestId, `${r.status} ${r.body.code}`).toBe(r.headers.get("x-request-id"));
        }
        expect(problems.at(-1)!.body.requestId).toBe("mine-1");
      });
    });

    describe("logs", () => {
      it("one JSON line per request with its id, method, route, status and duration; every line after start is JSON", async () => {
        const d = await api().seed();
        const id = `log-check-${Date.now().toString(36)}`;
        await api().request("PUT", `/api/documents/${d.id}`, { headers: { "x-request-id": id, "if-match": d.etag, "x-tandem-retry": "2" }, body: { title: "t", content: "c" } });
        await api().server.waitForOutput(new RegExp(`"reqId":"${id}"`));
        const lines = api().server.logLines().filter((l) => l.reqId === id);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({ level: "info", msg: "request", method: "PUT", url: `/api/documents/${d.id}`, route: "/api/documents/:id", status: 200, retryAttempt: 2 });
        expect(typeof lines[0]!.ms).toBe("number");
        expect(typeof lines[0]!.time).toBe("string");

        const output = api().server.output();
        const afterStart = output.slice(output.indexOf("serving on")).split("\n").slice(1).filter((l) => l.trim() !== "");
        expect(afterStart.length).toBeGreaterThan(0);
        for (const line of afterStart) {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (parsed.msg === "request") expect(parsed.reqId).toEqual(expect.any(String));
        }
      });
    });
  });
}
