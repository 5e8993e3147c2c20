import { metricSum, parseMetrics } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { createHttpMetrics, type RequestSample } from "@/platform/observability/http-metrics.ts";

function sample(over: Partial<RequestSample>): RequestSample {
  return { pathname: "/api/documents/a1", method: "GET", status: 200, seconds: 0.01, ifMatch: undefined, ifNoneMatch: undefined, retryAttempt: null, ...over };
}

async function observed(samples: Partial<RequestSample>[]) {
  const metrics = createHttpMetrics();
  for (const s of samples) {
    metrics.started();
    metrics.observe(sample(s));
  }
  return parseMetrics(await metrics.registry.metrics());
}

describe("createHttpMetrics", () => {
  it("counts requests by route pattern, method and status, and times them", async () => {
    const m = await observed([{}, {}, { status: 404, pathname: "/api/documents/zz" }, { method: "TRACE", status: 405 }, { status: null, seconds: 3 }]);
    expect(metricSum(m, "tandem_http_requests_total", { route: "/api/documents/:id", method: "GET", status: "200" })).toBe(2);
    expect(metricSum(m, "tandem_http_requests_total", { status: "404" })).toBe(1);
    expect(metricSum(m, "tandem_http_requests_total", { method: "OTHER", status: "405" })).toBe(1);
    expect(metricSum(m, "tandem_http_requests_total", { status: "aborted" })).toBe(1);
    expect(metricSum(m, "tandem_http_request_duration_seconds_count", { route: "/api/documents/:id", method: "GET" })).toBe(4);
    expect(metricSum(m, "tandem_http_request_duration_seconds_bucket", { route: "/api/documents/:id", method: "GET", le: "0.01" })).toBe(3);
    expect(metricSum(m, "tandem_http_request_duration_seconds_sum", { route: "/api/documents/:id", method: "GET" })).toBeCloseTo(3.03);
    expect(metricSum(m, "tandem_http_requests_in_flight")).toBe(0);
  });

  it("counts 304, 412, 428 and successful writes by precondition", async () => {
    const m = await observed([
      { status: 304 },
      { method: "PUT", status: 412, ifMatch: '"1.a"' },
      { method: "PUT", status: 428 },
      { method: "PUT", status: 200, ifMatch: '"1.a"' },
      { method: "PUT", status: 200, ifMatch: "*" },
      { method: "PUT", status: 201, ifNoneMatch: "*" },
      { method: "DELETE", status: 204, ifMatch: '"2.b"' },
      { method: "POST", status: 201, pathname: "/api/documents" },
      { method: "POST", status: 422, pathname: "/api/documents" },
      { method: "PUT", status: 200, pathname: "/api/documents/a/revisions" },
    ]);
    expect(metricSum(m, "tandem_not_modified_total")).toBe(1);
    expect(metricSum(m, "tandem_precondition_failed_total", { route: "/api/documents/:id", method: "PUT" })).toBe(1);
    expect(metricSum(m, "tandem_precondition_required_total", { method: "PUT" })).toBe(1);
    expect(metricSum(m, "tandem_document_writes_total", { method: "PUT", precondition: "if-match" })).toBe(1);
    expect(metricSum(m, "tandem_document_writes_total", { method: "PUT", precondition: "if-match-any" })).toBe(1);
    expect(metricSum(m, "tandem_document_writes_total", { method: "PUT", precondition: "if-none-match" })).toBe(1);
    expect(metricSum(m, "tandem_document_writes_total", { method: "DELETE" })).toBe(1);
    expect(metricSum(m, "tandem_document_writes_total", { method: "POST", precondition: "none" })).toBe(1);
    expect(metricSum(m, "tandem_document_writes_total")).toBe(5);
  });

  it("counts client-reported retries on document writes only, whatever their outcome", async () => {
    const m = await observed([
      { method: "PUT", status: 200, ifMatch: '"1.a"', retryAttempt: 2 },
      { method: "PUT", status: 412, ifMatch: '"1.a"', retryAttempt: 3 },
      { method: "PUT", status: null, ifMatch: '"1.a"', retryAttempt: 4 },
      { method: "GET", status: 200, retryAttempt: 2 },
    ]);
    expect(metricSum(m, "tandem_write_retries_total")).toBe(3);
  });
});
