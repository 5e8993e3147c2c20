// bench/live: how fast and how cheaply live updates reach their subscribers (issue 10, item 6).
//   pnpm bench:live [--writes 60] [--subscribers 1000] [--cross-subscribers 100] [--documents 1]
//                   [--only sqlite|postgresql] [--strict]
// Needs `pnpm build` (or one `npm test`) first. Two measurements:
//   latency   PostgreSQL, instances A and B on one database: `cross-subscribers` document
//             streams on B, a writer doing sequential conditional PUTs (If-Match) on A; a sample
//             is the time from the PUT's 200 arriving at the writer (committed) to the `version`
//             event of that write arriving at one subscriber. The baseline, in the same run: the
//             same subscribers on A (same instance as the writer). Phases run A · B · B · A so
//             neither always meets the warmer JIT. Target: cross-instance p99 ≤ 250 ms.
//   capacity  one fresh instance per provider (SQLite, PostgreSQL): `subscribers` document
//             streams (on `documents` documents; 1 = every write fans out to all of them); the
//             server process's extra RSS (VmRSS, page worker thread included) once all are open
//             and idle, against the same process before; then the fan-out latency of `writes`
//             PUTs to every subscriber. Targets: extra RSS ≤ 100 MB, fan-out p99 ≤ 250 ms.
// Subscribers are spread over accounts, 25 streams each (the server allows MAX_STREAMS_PER_USER =
// 32 per account per instance); every account is a viewer of the bench documents. The
// subscribers are lean node:http clients in this process that parse only the `version` events.
// A benchmark, not a test: it exits 0 whatever the numbers unless --strict (then 1 if a target
// is missed).
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTestDatabase, metricSum, scrapeMetrics, signUp, startServer } from "../../packages/testkit/dist/index.js";
import { machine, table } from "../machine.mjs";

const { values } = parseArgs({
  options: {
    writes: { type: "string", default: "60" },
    subscribers: { type: "string", default: "1000" },
    "cross-subscribers": { type: "string", default: "100" },
    documents: { type: "string", default: "1" },
    only: { type: "string" },
    strict: { type: "boolean", default: false },
  },
});
const WRITES = Number(values.writes);
const SUBSCRIBERS = Number(values.subscribers);
const CROSS_SUBSCRIBERS = Number(values["cross-subscribers"]);
const DOCUMENTS = Math.max(1, Number(values.documents));
const providers = values.only ? [values.only] : ["postgresql", "sqlite"];
const STREAMS_PER_ACCOUNT = 25; // below MAX_STREAMS_PER_USER (32), with room for a stream still closing
const TARGET_P99_MS = 250;
const TARGET_RSS_MB = 100;
const EVENT_TIMEOUT_MS = 10_000;
const OPEN_CONCURRENCY = 100;

const logDir = mkdtempSync(path.join(tmpdir(), "tandem-bench-live-"));
// The servers get many more connections than their default 1,000 (the streams plus the API).
const SERVER_ENV = { HTTP_MAX_CONNECTIONS: "5000", LOG_LEVEL: "warn" };
let serverCount = 0;
const start = (databaseUrl) => startServer({ databaseUrl, env: SERVER_ENV, logFile: path.join(logDir, `server-${++serverCount}.log`) });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (x) => `${x.toFixed(1)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);

// ---------------------------------------------------------------------------------------------
// Accounts and documents

async function api(base, token, method, pathname, body, extra = {}) {
  const res = await fetch(`${base}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}), ...extra },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname} answered ${res.status}: ${text}`);
  return { res, json: text ? JSON.parse(text) : null };
}

/** An owner, `n` subscriber accounts (signed up in parallel), `documents` shared with all of them. */
async function setUp(bases, accounts, documents) {
  const t = performance.now();
  const owner = await signUp(bases[0], { name: "Bench owner" });
  const subs = await Promise.all(Array.from({ length: accounts }, (_, i) => signUp(bases[i % bases.length], { name: `Subscriber ${i}` })));
  const docs = [];
  for (let i = 0; i < documents; i++) {
    const { res, json } = await api(bases[0], owner.token, "POST", "/api/documents", { title: `live ${i}`, content: "0" });
    docs.push({ id: json.id, etag: res.headers.get("etag"), version: json.version, n: 0 });
  }
  await Promise.all(docs.flatMap((d) => subs.map((s) => api(bases[0], owner.token, "PUT", `/api/documents/${d.id}/members/${encodeURIComponent(s.email)}`, { role: "viewer" }))));
  console.log(`  ${accounts + 1} accounts, ${documents} documents shared with them: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return { owner, subs, docs };
}

// ---------------------------------------------------------------------------------------------
// The lean subscriber: one socket, the SSE text searched for `event: version` only.

/** What every subscriber reports to: the write awaited per document. */
const awaiting = new Map(); // documentId → { version, times: number[], need, done() }

function onVersion(documentId, version, t) {
  const w = awaiting.get(documentId);
  if (w && w.version === version) {
    w.times.push(t);
    if (w.times.length === w.need) w.done();
  }
}

const VERSION = /"version":(\d+)/;

/** Resolves once the stream is open and has sent its current version (so it is registered). */
function subscribe(base, documentId, token) {
  const url = new URL(`${base}/api/documents/${documentId}/events`);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, agent: false, headers: { accept: "text/event-stream", authorization: `Bearer ${token}` } });
    req.on("error", (error) => reject(new Error(`opening a stream on ${base} failed: ${error.message} (is HTTP_MAX_CONNECTIONS above the streams?)`)));
    req.on("response", (res) => {
      if (res.statusCode !== 200) {
        let body = "";
        res.setEncoding("utf8").on("data", (c) => (body += c)).on("end", () => reject(new Error(`stream answered ${res.statusCode}: ${body}`)));
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      let opened = false;
      const sub = { close: () => req.destroy(), ended: false };
      res.on("close", () => (sub.ended = true));
      // A stream the server cuts is counted as ended (and its events as never arrived).
      res.on("error", () => (sub.ended = true));
      res.on("data", (chunk) => {
        const t = performance.now();
        buffer += chunk;
        for (let end; (end = buffer.indexOf("\n\n")) !== -1; ) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes("event: version")) continue;
          const version = Number(VERSION.exec(block)?.[1]);
          if (!opened) {
            opened = true;
            resolve(sub);
          } else onVersion(documentId, version, t);
        }
      });
    });
    req.end();
  });
}

/** `count` streams on `base`, subscriber i on docs[i % docs.length] as account ⌊i / 25⌋. */
async function openStreams(base, docs, subs, count, concurrency = OPEN_CONCURRENCY) {
  const streams = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i; (i = next++) < count; ) {
        const account = subs[Math.floor(i / STREAMS_PER_ACCOUNT)];
        if (!account) throw new Error(`not enough accounts for ${count} streams`);
        streams[i] = { documentId: docs[i % docs.length].id, sub: await subscribe(base, docs[i % docs.length].id, account.token) };
      }
    }),
  );
  return streams;
}

async function openStreamsOnServer(base) {
  return metricSum(await scrapeMetrics(base), "tandem_event_streams_open");
}

/** Closes the streams and waits until the server has let go of them (the per-account limit). */
async function closeStreams(base, streams) {
  for (const s of streams) s.sub.close();
  const deadline = Date.now() + 10_000;
  while ((await openStreamsOnServer(base)) > 0) {
    if (Date.now() > deadline) throw new Error(`${base} still holds streams 10 s after they were closed`);
    await sleep(50);
  }
}

// ---------------------------------------------------------------------------------------------
// The writer: sequential conditional PUTs; one sample per subscriber per write.

const writerAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function put(base, token, doc) {
  const url = new URL(`${base}/api/documents/${doc.id}`);
  const body = JSON.stringify({ title: "live", content: `edit ${++doc.n}\n` });
  return new Promise((resolve, reject) => {
    const sent = performance.now();
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "PUT",
        agent: writerAgent,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body), "if-match": doc.etag },
      },
      (res) => {
        const answered = performance.now();
        let text = "";
        res.setEncoding("utf8").on("data", (c) => (text += c));
        res.on("end", () => {
          if (res.statusCode !== 200) return reject(new Error(`PUT answered ${res.statusCode}: ${text}`));
          doc.etag = res.headers.etag;
          doc.version = JSON.parse(text).version;
          resolve({ sent, answered });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * `writes` PUTs on `base` (round-robin over `docs`), each awaited at every stream of its
 * document. Returns per-subscriber latencies, per-write "last subscriber" latencies, the PUT
 * round trips, how many events came before the PUT's answer and how many never came.
 */
async function measureWrites(base, token, docs, streams, writes) {
  const perDoc = new Map(docs.map((d) => [d.id, streams.filter((s) => s.documentId === d.id).length]));
  const samples = [];
  const fromSent = [];
  const lastOfWrite = [];
  const puts = [];
  let early = 0;
  let missing = 0;
  for (let i = 0; i < writes; i++) {
    const doc = docs[i % docs.length];
    const need = perDoc.get(doc.id);
    const w = { version: doc.version + 1, times: [], need, done: () => undefined };
    const all = new Promise((resolve) => (w.done = resolve));
    awaiting.set(doc.id, w);
    const { sent, answered } = await put(base, token, doc);
    if (doc.version !== w.version) throw new Error(`PUT made version ${doc.version}, expected ${w.version}`);
    puts.push(answered - sent);
    let timer;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, EVENT_TIMEOUT_MS)))]);
    clearTimeout(timer);
    awaiting.delete(doc.id);
    missing += need - w.times.length;
    let last = 0;
    for (const t of w.times) {
      const latency = t - answered;
      if (latency < 0) early++;
      samples.push(Math.max(0, latency));
      fromSent.push(t - sent);
      last = Math.max(last, latency);
    }
    if (w.times.length === need) lastOfWrite.push(Math.max(0, last));
    // A short random pause: every write meets an idle system, never in step with a timer.
    await sleep(10 + Math.random() * 20);
  }
  return { samples, fromSent, lastOfWrite, puts, early, missing };
}

function merge(...runs) {
  return {
    samples: runs.flatMap((r) => r.samples),
    fromSent: runs.flatMap((r) => r.fromSent),
    lastOfWrite: runs.flatMap((r) => r.lastOfWrite),
    puts: runs.flatMap((r) => r.puts),
    early: runs.reduce((n, r) => n + r.early, 0),
    missing: runs.reduce((n, r) => n + r.missing, 0),
  };
}

const latencyRows = [];
const capacityRows = [];
const notes = [];
let missed = 0;

/** A table row; a targeted row with events that never arrived is MISSED whatever its p99. */
function latencyRow(scenario, values, target, lost = 0) {
  const sorted = [...values].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const met = target === null ? "—" : p99 <= target && sorted.length > 0 && lost === 0 ? "met" : "MISSED";
  if (met === "MISSED") missed++;
  latencyRows.push([scenario, sorted.length, ms(p50), ms(p99), ms(sorted.at(-1) ?? 0), target === null ? "—" : `p99 ≤ ${target} ms`, met]);
  return { p50, p99 };
}

function putNote(label, run) {
  const sorted = [...run.puts].sort((a, b) => a - b);
  notes.push(`${label}: PUT round trip p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}; events before the PUT's 200: ${run.early} of ${run.samples.length + run.missing} (counted as 0 ms); never arrived: ${run.missing}`);
}

// ---------------------------------------------------------------------------------------------
// The scenarios

async function crossInstance() {
  console.log(`PostgreSQL, latency: ${CROSS_SUBSCRIBERS} subscribers, instance A (writer) and B`);
  const db = await createTestDatabase("postgresql");
  const [a, b] = await Promise.all([start(db.url), start(db.url)]);
  try {
    const accounts = Math.ceil(CROSS_SUBSCRIBERS / STREAMS_PER_ACCOUNT);
    const { owner, subs, docs } = await setUp([a.baseUrl, b.baseUrl], accounts, 1);
    // Warm-up: both instances serve streams and events once before anything is measured.
    for (const server of [a, b]) {
      const warm = await openStreams(server.baseUrl, docs, subs, Math.min(CROSS_SUBSCRIBERS, 20));
      await measureWrites(a.baseUrl, owner.token, docs, warm, 5);
      await closeStreams(server.baseUrl, warm);
    }
    const half = Math.max(1, Math.floor(WRITES / 2));
    const runs = { A: [], B: [] };
    for (const side of ["A", "B", "B", "A"]) {
      const server = side === "A" ? a : b;
      const streams = await openStreams(server.baseUrl, docs, subs, CROSS_SUBSCRIBERS);
      runs[side].push(await measureWrites(a.baseUrl, owner.token, docs, streams, half));
      await closeStreams(server.baseUrl, streams);
      console.log(`  ${half} writes, subscribers on ${side}: done`);
    }
    const same = merge(...runs.A);
    const cross = merge(...runs.B);
    const c = latencyRow(`PostgreSQL cross-instance: PUT on A → ${CROSS_SUBSCRIBERS} subscribers on B`, cross.samples, TARGET_P99_MS, cross.missing);
    const s = latencyRow(`PostgreSQL same instance (baseline): PUT on A → ${CROSS_SUBSCRIBERS} subscribers on A`, same.samples, null);
    latencyRow(`  cross-instance, last of ${CROSS_SUBSCRIBERS} per write`, cross.lastOfWrite, null);
    latencyRow(`  same instance, last of ${CROSS_SUBSCRIBERS} per write`, same.lastOfWrite, null);
    // From the PUT's sending: never negative, so its ratio means something even when most
    // events beat the writer's 200.
    const cs = latencyRow(`  cross-instance, from the PUT sent`, cross.fromSent, null);
    const ss = latencyRow(`  same instance, from the PUT sent`, same.fromSent, null);
    const ratio = (x, y) => (y > 0 ? `${(x / y).toFixed(2)}×` : "—");
    const sign = (x) => `${x >= 0 ? "+" : "−"}${ms(Math.abs(x))}`;
    notes.push(`cross-instance / same instance, from the 200: p50 ${ratio(c.p50, s.p50)} (${sign(c.p50 - s.p50)}), p99 ${ratio(c.p99, s.p99)} (${sign(c.p99 - s.p99)})`);
    notes.push(`cross-instance / same instance, from the PUT sent: p50 ${ratio(cs.p50, ss.p50)} (${sign(cs.p50 - ss.p50)}), p99 ${ratio(cs.p99, ss.p99)} (${sign(cs.p99 - ss.p99)})`);
    putNote("PostgreSQL cross-instance", cross);
    putNote("PostgreSQL same instance", same);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await db.drop();
  }
}

async function capacity(provider) {
  const label = provider === "sqlite" ? "SQLite" : "PostgreSQL";
  console.log(`${label}, capacity: ${SUBSCRIBERS} subscribers on ${DOCUMENTS} document(s), one instance`);
  const db = await createTestDatabase(provider);
  const server = await start(db.url);
  const started = rssKb(server.pid);
  try {
    const base = server.baseUrl;
    const accounts = Math.ceil(SUBSCRIBERS / STREAMS_PER_ACCOUNT);
    const { owner, subs, docs } = await setUp([base], accounts, DOCUMENTS);
    // Warm-up: streams opened, fed and closed once, so the baseline RSS is a warm server's.
    const warm = await openStreams(base, docs, subs, Math.min(SUBSCRIBERS, 100));
    await measureWrites(base, owner.token, docs, warm, 5);
    await closeStreams(base, warm);
    await sleep(1_000);
    const before = rssKb(server.pid);
    const t = performance.now();
    const streams = await openStreams(base, docs, subs, SUBSCRIBERS);
    const openSeconds = (performance.now() - t) / 1000;
    const onServer = await openStreamsOnServer(base);
    if (onServer !== SUBSCRIBERS) throw new Error(`the server counts ${onServer} open streams, expected ${SUBSCRIBERS}`);
    await sleep(2_000); // open and idle
    const after = rssKb(server.pid);
    const sentBefore = metricSum(await scrapeMetrics(base), "tandem_events_sent_total", { event: "version" });
    const run = await measureWrites(base, owner.token, docs, streams, WRITES);
    const sent = metricSum(await scrapeMetrics(base), "tandem_events_sent_total", { event: "version" }) - sentBefore;
    const afterWrites = rssKb(server.pid);
    const dead = streams.filter((s) => s.sub.ended).length;
    await closeStreams(base, streams);

    const extra = after - before;
    const met = extra <= TARGET_RSS_MB * 1024 ? "met" : "MISSED";
    if (met === "MISSED") missed++;
    capacityRows.push([label, SUBSCRIBERS, `${openSeconds.toFixed(1)} s`, mb(started), mb(before), mb(after), mb(extra), `${(extra / SUBSCRIBERS).toFixed(1)} KB`, mb(after - started), mb(afterWrites), `≤ ${TARGET_RSS_MB} MB`, met]);
    const perDoc = SUBSCRIBERS / DOCUMENTS;
    latencyRow(`${label} fan-out: PUT → each of ${perDoc} subscribers (${SUBSCRIBERS} open)`, run.samples, TARGET_P99_MS, run.missing);
    latencyRow(`  ${label} fan-out, last of ${perDoc} per write`, run.lastOfWrite, null);
    putNote(`${label} fan-out`, run);
    notes.push(`${label}: the server counted ${sent} version events sent for ${run.samples.length + run.missing} expected; streams ended under load: ${dead}`);
  } finally {
    await server.stop();
    await db.drop();
  }
}

// Other work on the machine shows in the tails: the load average is printed with the numbers.
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const loadAtStart = load();
console.log(`bench/live — ${WRITES} writes per scenario\nmachine: ${machine()}\n`);
const began = performance.now();
if (providers.includes("postgresql")) await crossInstance();
for (const provider of providers) await capacity(provider);

console.log(`\nLatency: from the PUT's 200 at the writer to the event at a subscriber (${((performance.now() - began) / 1000).toFixed(0)} s in all)`);
console.log(table(["scenario", "samples", "p50", "p99", "max", "target", "met"], latencyRows));
console.log(`\nCapacity: the server process's RSS (VmRSS, page worker thread included). extra RSS = open+idle − before (a warm server: accounts made, 100 streams opened, fed and closed); extra vs start = open+idle − just after /api/health answered (an upper bound: setup and warm-up included)`);
console.log(table(["database", "streams", "open all", "RSS at start", "RSS before", "RSS open+idle", "extra RSS", "per stream", "extra vs start", "RSS after writes", "target", "met"], capacityRows));
console.log(`\n${notes.join("\n")}`);
console.log(`machine: ${machine()}; load average (1, 5, 15 min) at start ${loadAtStart}, at end ${load()}`);
if (missed > 0) {
  console.log(`\n${missed} target(s) missed.`);
  if (values.strict) process.exit(1);
}
