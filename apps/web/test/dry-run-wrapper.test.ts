// The one wrapper and `?dryRun=true`: a write declared with writeRoute gets `dryRun` and its
// answer is marked; any other write (MCP, better-auth's endpoints, a route that forgot) refuses
// a dry run with a 400 before anything runs — authentication included. And the metrics: a dry
// run is no write.
import { metricSum, parseMetrics } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { apiRoutes } from "@/api-routes.ts";
import { AppError } from "@/platform/errors.ts";
import { handleApiRequest, type Api } from "@/platform/http/api-handler.ts";
import { empty, json } from "@/platform/http/api-request.ts";
import type { Authenticator, Caller } from "@/platform/http/caller.ts";
import { declaresDryRun } from "@/platform/http/dry-run.ts";
import { webApiRequest } from "@/platform/http/web-adapter.ts";
import { writeRoute } from "@/platform/http/write-route.ts";
import { createHttpMetrics, type RequestSample } from "@/platform/observability/http-metrics.ts";

const ANN: Caller = { userId: "u1", name: "Ann", email: "ann@example.com", isAdmin: false, role: "owner", via: "token" };

function harness() {
  const calls: string[] = [];
  const authenticate: Authenticator = async (request) => {
    calls.push("authenticate");
    if (request.header("authorization") !== "Bearer good") throw new AppError("unauthorized", "sign in");
    return ANN;
  };
  const api: Api = {
    authenticate,
    auth: async () => {
      calls.push("auth");
      return json({ auth: true });
    },
    routes: {
      documentPurge: {
        POST: writeRoute(async (_request, _params, _caller, dryRun) => {
          calls.push(dryRun ? "purge (dry run)" : "purge");
          return empty(204);
        }),
      },
      mcp: {
        POST: () => {
          calls.push("mcp");
          return json({ jsonrpc: "2.0" });
        },
      },
    },
  };
  const call = (method: string, path: string, headers: Record<string, string> = { authorization: "Bearer good" }) =>
    handleApiRequest(api, webApiRequest(new Request(`http://localhost${path}`, { method, headers }), "req-1"));
  return { calls, call };
}

describe("handleApiRequest and ?dryRun=true", () => {
  it("a declared write runs as a dry run and its answer says so", async () => {
    const { calls, call } = harness();
    const r = await call("POST", "/api/documents/d1/purge?dryRun=true");
    expect([r.status, r.headers["Tandem-Dry-Run"]]).toEqual([204, "true"]);
    expect(calls).toEqual(["authenticate", "purge (dry run)"]);
    const real = await call("POST", "/api/documents/d1/purge?dryRun=false");
    expect([real.status, real.headers["Tandem-Dry-Run"]]).toEqual([204, undefined]);
  });

  it.each([
    ["a write not declared with writeRoute (MCP)", "/api/mcp?dryRun=true", {}],
    ["the same without credentials: refused before authentication", "/api/mcp?dryRun=true", { authorization: "" }],
    ["better-auth's endpoints", "/api/auth/sign-in/email?dryRun=true", { origin: "http://localhost", host: "localhost" }],
  ])("%s → 400 naming dryRun; nothing runs", async (_name, path, headers) => {
    const { calls, call } = harness();
    const r = await call("POST", path, { authorization: "Bearer good", ...headers });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body!)).toMatchObject({ code: "bad-request", parameter: "dryRun" });
    expect(calls).toEqual([]);
  });

  it("dryRun=false, or no dryRun, is the real request; any other value is a 400 everywhere", async () => {
    const { calls, call } = harness();
    expect((await call("POST", "/api/mcp?dryRun=false")).status).toBe(200);
    expect((await call("POST", "/api/mcp")).status).toBe(200);
    expect((await call("POST", "/api/mcp?dryRun=yes")).status).toBe(400);
    expect((await call("POST", "/api/documents/d1/purge?dryRun=1")).status).toBe(400);
    expect(calls).toEqual(["authenticate", "mcp", "authenticate", "mcp", "authenticate"]);
  });
});

describe("the app's route table", () => {
  it("declares every write with writeRoute (dry run, Idempotency-Key) but MCP's JSON-RPC", () => {
    const undeclared: string[] = [];
    for (const [name, handlers] of Object.entries(apiRoutes)) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
        const handler = handlers?.[method];
        if (handler && !declaresDryRun(handler)) undeclared.push(`${method} ${name}`);
      }
    }
    expect(undeclared).toEqual(["POST mcp"]);
  });
});

describe("createHttpMetrics and dry runs", () => {
  const sample = (over: Partial<RequestSample>): RequestSample => ({ pathname: "/api/documents/a1", method: "PUT", status: 200, seconds: 0.01, ifMatch: '"1.x"', ifNoneMatch: undefined, retryAttempt: null, ...over });

  it("a dry run's 2xx, 412 and 428 move no write counter; tandem_dry_runs_total counts them", async () => {
    const metrics = createHttpMetrics();
    for (const s of [sample({ dryRun: true }), sample({ dryRun: true, status: 412 }), sample({ dryRun: true, status: 428, retryAttempt: 2 }), sample({ pathname: "/api/documents", method: "POST", status: 201, dryRun: true }), sample({})]) {
      metrics.started();
      metrics.observe(s);
    }
    const m = parseMetrics(await metrics.registry.metrics());
    expect(metricSum(m, "tandem_document_writes_total")).toBe(1);
    expect(metricSum(m, "tandem_precondition_failed_total")).toBe(0);
    expect(metricSum(m, "tandem_precondition_required_total")).toBe(0);
    expect(metricSum(m, "tandem_write_retries_total")).toBe(0);
    expect(metricSum(m, "tandem_dry_runs_total")).toBe(4);
    expect(metricSum(m, "tandem_dry_runs_total", { route: "/api/documents/:id", method: "PUT", status: "412" })).toBe(1);
    // They are requests all the same.
    expect(metricSum(m, "tandem_http_requests_total")).toBe(5);
  });
});
