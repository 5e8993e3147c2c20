import { conflictResolutionSeconds } from "./conflict-metrics.ts";
import { LIVE_METRICS } from "./live-metrics.ts";
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { LabelledCounter, LabelledHistogram } from "./labelled-metrics.ts";
import { isDocumentWrite, methodLabel, preconditionLabel, routeLabel, type RouteLabel } from "./route-label.ts";

/** What the Node server knows about one request once it is over. */
export interface RequestSample {
  pathname: string;
  /** The route label of `pathname`, when the caller has it already. */
  route?: RouteLabel;
  method: string | undefined;
  /** The status sent, or null when the client went away before the response was complete. */
  status: number | null;
  seconds: number;
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  /** X-Tandem-Retry of a valid retried write, else null. */
  retryAttempt: number | null;
  /** The answer was a dry run's (Tandem-Dry-Run: true): it wrote nothing, so it is no write. */
  dryRun?: boolean;
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
  registry.registerMetric(conflictResolutionSeconds);
  for (const metric of LIVE_METRICS) registry.registerMetric(metric);
  const requests = new LabelledCounter(
    "tandem_http_requests_total",
    "HTTP requests by route pattern, method and status (status 'aborted': the client left before the response was complete).",
    registry,
  );
  const duration = new LabelledHistogram(
    "tandem_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response.",
    [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registry,
  );
  let inFlight = 0;
  new Gauge({
    name: "tandem_http_requests_in_flight",
    help: "Requests being answered right now.",
    registers: [registry],
    collect() {
      this.set(inFlight);
    },
  });
  const notModified = new LabelledCounter("tandem_not_modified_total", "304 Not Modified answers: revalidations that cost no body.", registry);
  const preconditionFailed = new LabelledCounter(
    "tandem_precondition_failed_total",
    "412 Precondition Failed: writes refused because the client's copy was stale (conflicts).",
    registry,
  );
  const preconditionRequired = new LabelledCounter(
    "tandem_precondition_required_total",
    "428 Precondition Required: writes sent without If-Match / If-None-Match (client bugs).",
    registry,
  );
  const writes = new LabelledCounter(
    "tandem_document_writes_total",
    "Successful document writes (2xx on POST, PUT, PATCH, DELETE) by method and the precondition they carried.",
    registry,
  );
  const dryRuns = new LabelledCounter(
    "tandem_dry_runs_total",
    "Dry runs (?dryRun=true) by route pattern, method and status: they store nothing, so no write or precondition counter counts them.",
    registry,
  );
  const retries = new Counter({
    name: "tandem_write_retries_total",
    help: "Retried document writes reported by clients (requests carrying X-Tandem-Retry), whatever their outcome.",
    registers: [registry],
  });

  return {
    registry,
    started: () => void inFlight++,
    observe(s) {
      inFlight--;
      const route = s.route ?? routeLabel(s.pathname);
      const method = methodLabel(s.method);
      const status = s.status === null ? "aborted" : String(s.status);
      const routeMethod = `${route} ${method}`;
      requests.inc(`${routeMethod} ${status}`, () => ({ route, method, status }));
      duration.observe(routeMethod, () => ({ route, method }), s.seconds);
      if (s.dryRun) {
        dryRuns.inc(`${routeMethod} ${status}`, () => ({ route, method, status }));
        return;
      }
      const write = isDocumentWrite(route, method);
      if (write && s.retryAttempt !== null) retries.inc();
      if (s.status === 304) notModified.inc(route, () => ({ route }));
      if (s.status === 412) preconditionFailed.inc(routeMethod, () => ({ route, method }));
      if (s.status === 428) preconditionRequired.inc(routeMethod, () => ({ route, method }));
      if (write && s.status !== null && s.status >= 200 && s.status < 300) {
        const precondition = preconditionLabel(s.ifMatch, s.ifNoneMatch);
        writes.inc(`${method} ${precondition}`, () => ({ method, precondition }));
      }
    },
  };
}
