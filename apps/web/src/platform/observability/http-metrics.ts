import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { isDocumentWrite, methodLabel, preconditionLabel, routeLabel } from "./route-label.ts";

/** What the Node server knows about one request once it is over. */
export interface RequestSample {
  pathname: string;
  method: string | undefined;
  /** The status sent, or null when the client went away before the response was complete. */
  status: number | null;
  seconds: number;
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  /** X-Tandem-Retry of a valid retried write, else null. */
  retryAttempt: number | null;
}

export interface HttpMetrics {
  registry: Registry;
  started(): void;
  observe(sample: RequestSample): void;
}

/**
 * The server's metrics, observed by the Node server around every request. It sees each
 * request whole (status, timing, headers) no matter which route or error path answered it,
 * and lives outside Next's bundle, so one registry counts everything.
 */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tandem_" });
  const requests = new Counter({
    name: "tandem_http_requests_total",
    help: "HTTP requests by route pattern, method and status (status 'aborted': the client left before the response was complete).",
    labelNames: ["route", "method", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "tandem_http_request_duration_seconds",
    help: "Time from the request's arrival to the end of its response.",
    labelNames: ["route", "method"] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({ name: "tandem_http_requests_in_flight", help: "Requests being answered right now.", registers: [registry] });
  const notModified = new Counter({
    name: "tandem_not_modified_total",
    help: "304 Not Modified answers: revalidations that cost no body.",
    labelNames: ["route"] as const,
    registers: [registry],
  });
  const preconditionFailed = new Counter({
    name: "tandem_precondition_failed_total",
    help: "412 Precondition Failed: writes refused because the client's copy was stale (conflicts).",
    labelNames: ["route", "method"] as const,
    registers: [registry],
  });
  const preconditionRequired = new Counter({
    name: "tandem_precondition_required_total",
    help: "428 Precondition Required: writes sent without If-Match / If-None-Match (client bugs).",
    labelNames: ["route", "method"] as const,
    registers: [registry],
  });
  const writes = new Counter({
    name: "tandem_document_writes_total",
    help: "Successful document writes (2xx on POST, PUT, PATCH, DELETE) by method and the precondition they carried.",
    labelNames: ["method", "precondition"] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: "tandem_write_retries_total",
    help: "Retried document writes reported by clients (requests carrying X-Tandem-Retry), whatever their outcome.",
    registers: [registry],
  });

  // prom-client hashes the label values on every call; the children are kept per label set
  // instead (a few dozen: routes, methods and statuses are small fixed sets).
  const requestsOf = memo((key) => requests.labels(...(key.split(" ") as [string, string, string])));
  const durationOf = memo((key) => duration.labels(...(key.split(" ") as [string, string])));

  return {
    registry,
    started: () => inFlight.inc(),
    observe(s) {
      inFlight.dec();
      const route = routeLabel(s.pathname);
      const method = methodLabel(s.method);
      requestsOf(`${route} ${method} ${s.status === null ? "aborted" : s.status}`).inc();
      durationOf(`${route} ${method}`).observe(s.seconds);
      const write = isDocumentWrite(route, method);
      if (write && s.retryAttempt !== null) retries.inc();
      if (s.status === 304) notModified.inc({ route });
      if (s.status === 412) preconditionFailed.inc({ route, method });
      if (s.status === 428) preconditionRequired.inc({ route, method });
      if (write && s.status !== null && s.status >= 200 && s.status < 300) {
        writes.inc({ method, precondition: preconditionLabel(s.ifMatch, s.ifNoneMatch) });
      }
    },
  };
}

function memo<T>(make: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = make(key)));
    return value;
  };
}
