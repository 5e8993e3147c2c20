// bench/contention: what optimistic concurrency costs when writers collide, on two instances
// sharing one PostgreSQL database.
//   pnpm bench:contention [--seconds 4] [--writers 1,4,16,32] [--documents 64]
// Needs `pnpm build` (or one `npm test`) first. Every writer increments a counter in a
// document by read-modify-write, for `seconds` per scenario, on one hot document and spread
// over `documents` documents, in two ways:
//   conditional  DocumentsClient.update(): If-Match, retry on 412 (full-jitter backoff)
//   If-Match: *  GET, then PUT with If-Match: * — the same work without the guard, which
//                silently loses updates (counted, to show what the guard buys)
// Prints goodput (acknowledged increments/s), conflict rate (412 share of PUTs), retries per
// write, p50/p99 latency of one whole increment, updates lost, and the ratio of the
// conditional goodput to the If-Match: * goodput. Workers alternate between the instances.
//
// Then merge on write (issue 12 item 8): `--merge-writers` writers (default 16 and 32) on one
// hot document, each owning one line of it. Each reads the document once, then loops: change
// its own line, PUT with If-Match of the version it last saw and `Prefer: merge`. The server
// merges each stale write over what came since. Target: no 409 (nobody edits another's line),
// no lost edit (at the end every writer's last acknowledged edit is in the document), and
// p99 ≤ 10 × p50. Printed: writes/s, 409s, 412s, 503s, lost, p50, p99, p99/p50.
import { parseArgs } from "node:util";
import { DocumentsClient } from "../../packages/client/dist/index.js";
import { createTestDatabase, failoverFetch, metricSum, scrapeMetrics, signUp, startServer } from "../../packages/testkit/dist/index.js";
import { machine, table } from "../machine.mjs";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "4" },
    writers: { type: "string", default: "1,4,16,32" },
    documents: { type: "string", default: "64" },
    "merge-writers": { type: "string", default: "16,32" },
  },
});
const seconds = Number(values.seconds);
const writerCounts = values.writers.split(",").filter(Boolean).map(Number);
const documentCount = Number(values.documents);
const mergeWriterCounts = values["merge-writers"].split(",").filter(Boolean).map(Number);
// update() at its most patient: giving up would hide the cost this bench is about.
const RETRY = { maxAttempts: 1000 };

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// Every writer is the same account (one token), as a fleet of scripts would be.
let token = "";

async function createDocuments(base, n) {
  const client = new DocumentsClient({ baseUrl: base, token });
  const docs = [];
  for (let i = 0; i < n; i++) docs.push((await client.create({ title: `counter ${i}`, content: "0" })).doc.id);
  return docs;
}

async function counters(base, ids) {
  const client = new DocumentsClient({ baseUrl: base, token });
  let sum = 0;
  for (const id of ids) sum += Number((await client.get(id)).doc.content);
  return sum;
}

const increment = (cur) => ({ title: cur.doc.title, content: String(Number(cur.doc.content) + 1) });

/** Closed loop: each worker increments one (random) document of `ids` until the deadline. */
async function conditional(bases, ids, writers) {
  const latencies = [];
  let retries = 0;
  let gaveUp = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const client = new DocumentsClient({ baseUrl: "", fetch: failoverFetch(bases, w), token });
      while (performance.now() < deadline) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        const t = performance.now();
        try {
          const r = await client.update(id, increment, RETRY);
          retries += r.attempts - 1;
          latencies.push(performance.now() - t);
        } catch {
          gaveUp++;
        }
      }
    }),
  );
  return { latencies, retries, gaveUp };
}

async function star(bases, ids, writers) {
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const base = bases[w % bases.length];
      while (performance.now() < deadline) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        const t = performance.now();
        const read = await (await fetch(`${base}/api/documents/${id}`, { headers: { authorization: `Bearer ${token}` } })).json();
        const res = await fetch(`${base}/api/documents/${id}`, {
          method: "PUT",
          headers: { "content-type": "application/json", "if-match": "*", authorization: `Bearer ${token}` },
          body: JSON.stringify(increment({ doc: read })),
        });
        await res.arrayBuffer();
        if (res.ok) latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, retries: 0, gaveUp: 0 };
}

/** Writer w's line; an unchanged line between two writers' lines keeps their edits apart for the merge. */
const ownLine = (w, n) => `writer ${w}: edit ${n}`;

/**
 * Merge on write: each writer holds its copy and the ETag it last saw, edits its own line and
 * PUTs with Prefer: merge; a 200 (merged or not) gives it the new state to continue from.
 */
async function mergeOnWrite(bases, writers) {
  const auth = { authorization: `Bearer ${token}` };
  const lines = Array.from({ length: writers }, (_, w) => `${ownLine(w, 0)}\nshared line ${w}\n`).join("");
  const created = await fetch(`${bases[0]}/api/documents`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ title: `merge on write ×${writers}`, content: lines }) });
  const { id } = await created.json();
  const latencies = [];
  const refused = { 409: 0, 412: 0, 503: 0, other: 0 };
  const last = new Array(writers).fill(0);
  let merged = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const base = bases[w % bases.length];
      const read = await fetch(`${base}/api/documents/${id}`, { headers: auth });
      let etag = read.headers.get("etag");
      let { title, content } = await read.json();
      for (let n = 1; performance.now() < deadline; n++) {
        const mine = content.replace(new RegExp(`^writer ${w}: edit \\d+$`, "m"), ownLine(w, n));
        const t = performance.now();
        const res = await fetch(`${base}/api/documents/${id}`, {
          method: "PUT",
          headers: { ...auth, "content-type": "application/json", "if-match": etag, prefer: "merge" },
          body: JSON.stringify({ title, content: mine }),
        });
        const body = await res.json();
        if (res.status !== 200) {
          refused[res.status in refused ? res.status : "other"]++;
          // Start again from the state the refusal names (a 409/412 carries it).
          if (body.current) ({ title, content } = body.current);
          etag = res.headers.get("etag") ?? etag;
          continue;
        }
        latencies.push(performance.now() - t);
        if (body.merged) merged++;
        last[w] = n;
        etag = res.headers.get("etag");
        ({ title, content } = body);
      }
    }),
  );
  const final = await (await fetch(`${bases[0]}/api/documents/${id}`, { headers: auth })).json();
  const lost = last.filter((n, w) => !final.content.split("\n").includes(ownLine(w, n))).length;
  const sorted = latencies.sort((a, b) => a - b);
  return { writes: sorted.length, merged, refused, lost, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function serverCounts(bases) {
  const samples = (await Promise.all(bases.map((b) => scrapeMetrics(b)))).flat();
  return {
    puts: metricSum(samples, "tandem_http_requests_total", { route: "/api/documents/:id", method: "PUT" }),
    conflicts: metricSum(samples, "tandem_precondition_failed_total", { method: "PUT" }),
    reportedRetries: metricSum(samples, "tandem_write_retries_total"),
  };
}

async function scenario(bases, ids, writers, mode) {
  const before = await serverCounts(bases);
  const start = await counters(bases[0], ids);
  const run = await (mode === "conditional" ? conditional : star)(bases, ids, writers);
  const after = await serverCounts(bases);
  const gained = (await counters(bases[0], ids)) - start;
  const sorted = run.latencies.sort((a, b) => a - b);
  const puts = after.puts - before.puts;
  const conflicts = after.conflicts - before.conflicts;
  if (mode === "conditional" && after.reportedRetries - before.reportedRetries !== run.retries) {
    throw new Error(`the servers counted ${after.reportedRetries - before.reportedRetries} retries, the clients made ${run.retries}`);
  }
  return {
    goodput: sorted.length / seconds,
    conflictRate: puts ? conflicts / puts : 0,
    retriesPerWrite: sorted.length ? run.retries / sorted.length : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    lost: sorted.length - gained,
    gaveUp: run.gaveUp,
  };
}

console.log(`bench/contention — ${seconds}s per scenario, PostgreSQL, 2 instances\nmachine: ${machine()}\n`);
const db = await createTestDatabase("postgresql");
const servers = await Promise.all([startServer({ databaseUrl: db.url }), startServer({ databaseUrl: db.url })]);
const rows = [];
const mergeRows = [];
try {
  const bases = servers.map((s) => s.baseUrl);
  token = (await signUp(bases[0], { name: "Bench" })).token;
  const hot = await createDocuments(bases[0], 1);
  const many = await createDocuments(bases[0], documentCount);
  // Warm-up: compile the routes and fill both pools.
  await conditional(bases, many, 8);

  let n = 0;
  for (const [target, ids] of [
    ["1 hot document", hot],
    [`${documentCount} documents`, many],
  ]) {
    for (const writers of writerCounts) {
      // Alternate which mode runs first, so neither always meets the warmer JIT or pool.
      const order = n++ % 2 === 0 ? ["conditional", "star"] : ["star", "conditional"];
      const r = {};
      for (const mode of order) r[mode] = await scenario(bases, ids, writers, mode);
      const c = r.conditional;
      const s = r.star;
      const ms = (x) => `${x.toFixed(0)} ms`;
      rows.push([
        target,
        writers,
        c.goodput.toFixed(0),
        `${(c.conflictRate * 100).toFixed(0)} %`,
        c.retriesPerWrite.toFixed(2),
        ms(c.p50),
        ms(c.p99),
        c.lost + c.gaveUp,
        s.goodput.toFixed(0),
        ms(s.p50),
        ms(s.p99),
        `${s.lost} (${s.goodput ? ((s.lost / (s.goodput * seconds)) * 100).toFixed(0) : 0} %)`,
        s.goodput ? (c.goodput / s.goodput).toFixed(2) : "—",
      ]);
      console.log(`${target}, ${writers} writer(s): done`);
    }
  }
  for (const writers of mergeWriterCounts) {
    const r = await mergeOnWrite(bases, writers);
    mergeRows.push([
      writers,
      (r.writes / seconds).toFixed(0),
      `${r.writes ? ((r.merged / r.writes) * 100).toFixed(0) : 0} %`,
      r.refused[409],
      r.refused[412],
      r.refused[503] + r.refused.other,
      r.lost,
      `${r.p50.toFixed(0)} ms`,
      `${r.p99.toFixed(0)} ms`,
      r.p50 ? (r.p99 / r.p50).toFixed(1) : "—",
    ]);
    console.log(`merge on write, ${writers} writers: done`);
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await db.drop();
}
console.log(
  `\n${table(
    ["target", "writers", "cond. writes/s", "412 rate", "retries/write", "cond. p50", "cond. p99", "cond. lost", "* writes/s", "* p50", "* p99", "* lost", "cond./* goodput"],
    rows,
  )}\n`,
);
console.log("cond. = DocumentsClient.update() with If-Match and retry; * = GET then PUT If-Match: * (no guard).");
console.log("412 rate = 412 answers / PUTs; retries/write = extra attempts per acknowledged increment; lost = acknowledged increments missing from the final counters.");
console.log(
  `\nMerge on write — one hot document, each writer owns one line, PUT with If-Match of the version it last saw + Prefer: merge\n\n${table(
    ["writers", "writes/s", "merged", "409s", "412s", "503s/other", "lost edits", "p50", "p99", "p99/p50"],
    mergeRows,
  )}\n`,
);
console.log("merged = share of 200s the server merged over newer versions; lost edits = writers whose last acknowledged edit is not in the final document. Target: 0 409s, 0 lost, p99/p50 ≤ 10.");
