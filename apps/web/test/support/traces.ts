// What a write leaves behind, read straight from the database and /api/metrics: a dry run must
// leave none of it.
import { metricSum, pgQuery, scrapeMetrics, sqliteQuery, type TestDatabase } from "@tandem/testkit";

/** Tables a write may add to or take from. */
export const TRACED_TABLES = ["Document", "Revision", "DocumentMember", "ApiToken", "Invitation", "AuditEvent", "IdempotencyRecord", "User"] as const;

/** A query on the test database, `$1`-style parameters on both providers. */
export async function sql<T = Record<string, unknown>>(db: TestDatabase, text: string, params: unknown[] = []): Promise<T[]> {
  return db.provider === "sqlite" ? sqliteQuery<T>(db.name, text.replace(/\$\d+/g, "?"), params) : ((await pgQuery(db.url, text, params)) as T[]);
}

/** Row counts of every traced table. */
export async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TRACED_TABLES) counts[table] = Number((await sql<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM "${table}"`))[0]!.n);
  return counts;
}

/** The counters that count writes (and their refusals for staleness): a dry run moves none. */
export const WRITE_METRICS = ["tandem_document_writes_total", "tandem_precondition_failed_total", "tandem_precondition_required_total", "tandem_write_retries_total"] as const;

export async function writeMetrics(baseUrl: string): Promise<Record<string, number>> {
  const samples = await scrapeMetrics(baseUrl);
  return Object.fromEntries(WRITE_METRICS.map((name) => [name, metricSum(samples, name)]));
}

export async function dryRunCount(baseUrl: string, labels: Record<string, string> = {}): Promise<number> {
  return metricSum(await scrapeMetrics(baseUrl), "tandem_dry_runs_total", labels);
}

/** Everything a write could leave: rows and write metrics. */
export async function traces(db: TestDatabase, baseUrl: string) {
  return { rows: await rowCounts(db), metrics: await writeMetrics(baseUrl) };
}
