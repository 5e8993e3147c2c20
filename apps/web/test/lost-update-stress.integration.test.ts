import { metricSum, scrapeMetrics, testProviders, type MetricSample } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer } from "./support/harness.ts";
import { expectIntactHistory, runTokenWriters } from "./support/token-writers.ts";

// The promise under load: 32 writers hammer one document through the client's
// read-modify-write with retry; every write must land exactly once. On PostgreSQL two app
// instances share the database, so the races are decided by the database, not by one process.
const INSTANCES = { sqlite: 1, postgresql: 2 } as const;
const WRITERS = 32;
// SQLite commits one fsync at a time; fewer rounds keep its run as short as PostgreSQL's.
const PER_WRITER = { sqlite: 2, postgresql: 4 } as const;

async function scrapeAll(baseUrls: string[]): Promise<MetricSample[]> {
  return (await Promise.all(baseUrls.map((b) => scrapeMetrics(b)))).flat();
}

for (const provider of testProviders()) {
  describe(`lost-update stress (${provider}, ${INSTANCES[provider]} instance(s), ${WRITERS} writers × ${PER_WRITER[provider]})`, () => {
    const api = useServer(provider, {}, INSTANCES[provider]);

    it("every write is in the final state exactly once; versions contiguous; one revision per version; the metrics agree", async () => {
      const baseUrls = api().apis.map((a) => a.baseUrl);
      const d = await api().seed("hot", "");
      const before = await scrapeAll(baseUrls);

      const run = await runTokenWriters({ baseUrls, token: api().owner.token, documentId: d.id, writers: WRITERS, perWriter: PER_WRITER[provider] });

      expect(run.failures).toEqual([]);
      expect(run.acknowledged).toHaveLength(WRITERS * PER_WRITER[provider]);
      const final = await expectIntactHistory(api().db, d.id);
      expect([...final].sort()).toEqual([...run.acknowledged].sort());
      // A writer's next update starts after its previous one was acknowledged: its tokens
      // must appear in the order it wrote them.
      for (let w = 0; w < WRITERS; w++) {
        const mine = final.filter((t) => t.startsWith(`w${w}.`));
        expect(mine).toEqual(Array.from({ length: PER_WRITER[provider] }, (_, k) => `w${w}.${k}`));
      }
      expect(run.retries.conflict).toBeGreaterThan(0);
      expect(run.retries.unavailable).toBe(0);

      // The servers saw what the clients did: one 412 per conflict retry, one X-Tandem-Retry
      // per retried write, one successful conditional PUT per acknowledged update.
      const after = await scrapeAll(baseUrls);
      const delta = (name: string, labels: Record<string, string> = {}) => metricSum(after, name, labels) - metricSum(before, name, labels);
      expect(delta("tandem_precondition_failed_total", { route: "/api/documents/:id", method: "PUT" })).toBe(run.retries.conflict);
      expect(delta("tandem_write_retries_total")).toBe(run.attempts.reduce((n, a) => n + a - 1, 0));
      expect(delta("tandem_document_writes_total", { method: "PUT", precondition: "if-match" })).toBe(WRITERS * PER_WRITER[provider]);
      expect(delta("tandem_http_requests_total", { route: "/api/documents/:id", method: "PUT", status: "200" })).toBe(WRITERS * PER_WRITER[provider]);
      if (INSTANCES[provider] > 1) {
        for (const base of baseUrls) {
          // Both instances took writes: the races really crossed processes.
          expect(metricSum(await scrapeMetrics(base), "tandem_document_writes_total", { method: "PUT" })).toBeGreaterThan(0);
        }
      }
    });
  });
}
