// bench/api: what the HTTP layer costs and what conditional requests save, on the built server.
//   pnpm bench:api [--duration 5] [--connections 8] [--only sqlite|postgresql]
// Needs `pnpm build` (or one `npm test`) first. Prints req/s, p50/p99 and the ratios:
//   conditional PUT (If-Match: <etag>) vs If-Match: * PUT   target ≥ 0.9×
//   conditional PUT vs the raw database compare-and-set loop (the cost of HTTP + Next + Prisma)
//   304 GET (If-None-Match) vs 200 GET on a 256 KB document  target ≥ 2×
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createTestDatabase, startServer } from "../../packages/testkit/dist/index.js";
import { machine, table } from "../machine.mjs";
import { rawCasLoop } from "./raw-cas.mjs";

const { values } = parseArgs({
  options: { duration: { type: "string", default: "5" }, connections: { type: "string", default: "8" }, only: { type: "string" } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const providers = values.only ? [values.only] : ["sqlite", "postgresql"];

async function json(base, method, path, body, headers = {}) {
  const r = await fetch(`${base}${path}`, { method, headers: { "content-type": "application/json", ...headers }, body: body && JSON.stringify(body) });
  return { status: r.status, etag: r.headers.get("etag"), body: await r.json() };
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ duration, connections, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/**
 * Closed-loop PUTs: one worker per connection, each owning one document and always sending
 * its latest ETag, so the conditional path never conflicts and the two variants do the same
 * work. (autocannon's per-request hooks cannot carry state from one response to the next
 * request, so PUTs use this loop and GETs use autocannon.)
 */
async function putScenario(base, docs, star, seconds) {
  const statuses = {};
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    docs.map(async (doc) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const r = await fetch(`${base}/api/documents/${doc.id}`, {
          method: "PUT",
          headers: { "content-type": "application/json", "if-match": star ? "*" : doc.etag },
          body: JSON.stringify({ title: "bench", content: `edit ${++doc.n}\n` }),
        });
        await r.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        doc.etag = r.headers.get("etag") ?? doc.etag;
      }
    }),
  );
  return { latencies, statuses, seconds };
}

function mergeRuns(runs) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const statuses = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const non2xx = Object.entries(statuses).filter(([k]) => !k.startsWith("2")).reduce((n, [, v]) => n + v, 0);
  return { result: { rps: latencies.length / seconds, p50: pct(50), p99: pct(99), non2xx }, statuses };
}

function row(name, r) {
  return { name, rps: r.requests?.average ?? r.rps, p50: r.latency?.p50 ?? r.p50, p99: r.latency?.p99 ?? r.p99, non2xx: r.non2xx ?? 0 };
}

const rows = [];
const checks = [];
console.log(`bench/api — ${duration}s per scenario, ${connections} connections\nmachine: ${machine()}\n`);
for (const provider of providers) {
  const db = await createTestDatabase(provider);
  const server = await startServer({ databaseUrl: db.url, env: { MAX_BODY_BYTES: String(8 * 1024 * 1024) } });
  try {
    const base = server.baseUrl;
    const docs = [];
    for (let i = 0; i < connections; i++) {
      const d = await json(base, "POST", "/api/documents", { title: `bench ${i}`, content: "start\n" });
      docs.push({ id: d.body.id, etag: d.etag, n: 0, busy: false });
    }
    // Warm-up: compile routes, fill pools.
    await cannon({ url: `${base}/api/documents/${docs[0].id}`, duration: 2 });

    // Warm both write paths, then alternate them (A B B A A B) so neither one always runs on
    // a colder JIT or a smaller table: on 2 cores the order alone moves a result by 20 %.
    await putScenario(base, docs, false, 1);
    await putScenario(base, docs, true, 1);
    const runs = { false: [], true: [] };
    for (const star of [false, true, true, false, false, true]) runs[star].push(await putScenario(base, docs, star, duration / 2));
    const conditional = mergeRuns(runs.false);
    const star = mergeRuns(runs.true);
    const raw = await rawCasLoop({ provider, url: db.url, ids: docs.map((d) => d.id), durationMs: duration * 1000, connections });

    const big = await json(base, "POST", "/api/documents", { title: "256 KB", content: "lorem ipsum dolor sit amet\n".repeat(Math.ceil((256 * 1024) / 27)) });
    const ok200 = await cannon({ url: `${base}/api/documents/${big.body.id}` });
    const ok304 = await cannon({ url: `${base}/api/documents/${big.body.id}`, headers: { "if-none-match": big.etag } });

    const r = {
      cond: row("PUT If-Match: <etag>", conditional.result),
      star: row("PUT If-Match: *", star.result),
      raw: row("raw DB compare-and-set", raw),
      g200: row("GET 256 KB → 200", ok200),
      g304: row("GET 256 KB → 304", ok304),
    };
    const ratio = (a, b) => (b.rps > 0 ? a.rps / b.rps : 0);
    for (const x of Object.values(r)) rows.push([provider, x.name, x.rps.toFixed(0), `${x.p50.toFixed(1)} ms`, `${x.p99.toFixed(1)} ms`, x.non2xx]);
    checks.push([provider, "conditional PUT / If-Match: * PUT", ratio(r.cond, r.star).toFixed(2), "≥ 0.90", ratio(r.cond, r.star) >= 0.9 ? "met" : "MISSED"]);
    checks.push([provider, "conditional PUT / raw DB CAS loop", ratio(r.cond, r.raw).toFixed(2), "(cost of HTTP+Next+Prisma)", ""]);
    checks.push([provider, "304 GET / 200 GET (256 KB)", ratio(r.g304, r.g200).toFixed(2), "≥ 2.00", ratio(r.g304, r.g200) >= 2 ? "met" : "MISSED"]);
    console.log(`${provider}: GET statuses 200-path=${JSON.stringify(ok200.statusCodeStats ?? {})} 304-path=${JSON.stringify(ok304.statusCodeStats ?? {})}`);
    console.log(`${provider}: PUT statuses conditional=${JSON.stringify(conditional.statuses)} star=${JSON.stringify(star.statuses)}`);
  } finally {
    await server.stop();
    await db.drop();
  }
}
console.log(`\n${table(["db", "scenario", "req/s", "p50", "p99", "non-2xx"], rows)}\n`);
console.log(`${table(["db", "ratio", "value", "target", ""], checks)}\n`);
