// bench/api: Tandem (the built server) against a hand-written baseline with the same contract
// (node:http + better-sqlite3 / node:http + pg, baseline-*.mjs), in the same run, same load.
//   pnpm bench:api [--duration 5] [--connections 8] [--only sqlite|postgresql]
// Needs `pnpm build` (or one `npm test`) first. Per provider, each server gets its own fresh
// database, runs in its own process, and is measured on the same scenarios with the same
// connections; every scenario runs in halves, Tandem · baseline · baseline · Tandem, so neither
// always runs on a colder JIT, a smaller table or a busier machine. Targets, Tandem / baseline:
// conditional PUT ≥ 0.5×, 304 ≥ 0.5×, 200 of 256 KB ≥ 0.8×; and Tandem's 304 / 200 ≥ 2×.
// A benchmark, not a test: it exits 0 whatever the numbers, and names the targets missed.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createTestDatabase, signUp, startServer } from "../../packages/testkit/dist/index.js";
import { machine, table } from "../machine.mjs";
import { driver } from "./baseline-http.mjs";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "8" },
    only: { type: "string" },
    // SQLite durability of both servers: full (Tandem's default) or normal (what it costs).
    "sqlite-synchronous": { type: "string", default: "full" },
  },
});
const synchronous = values["sqlite-synchronous"] === "normal" ? "normal" : "full";
const duration = Number(values.duration);
const connections = Number(values.connections);
const providers = values.only ? [values.only] : ["sqlite", "postgresql"];

/** The baseline in its own process, like Tandem: `node baseline-x.mjs --port 0 --db …`. */
async function startBaseline(provider, db) {
  const script = fileURLToPath(new URL(provider === "sqlite" ? "baseline-sqlite.mjs" : "baseline-pg.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, "--port", "0", "--db", provider === "sqlite" ? db.name : db.url, "--synchronous", synchronous, "--token", BASELINE_TOKEN], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  let out = "";
  const [, baseUrl, describe] = await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+) \((.*)\)/.exec(out);
      if (m) resolve(m);
    });
    void exited.then((code) => reject(new Error(`baseline exited with ${code} before listening:\n${out}`)));
  });
  const stop = () => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.kill("SIGTERM");
    return exited.finally(() => clearTimeout(kill));
  };
  return { baseUrl, describe, stop };
}

// Both servers authenticate every request with a bearer token, as an API client of Tandem does.
const BASELINE_TOKEN = `bench-${Math.random().toString(36).slice(2)}`;
const auth = (token) => ({ authorization: `Bearer ${token}` });

async function seed(base, token, title, content) {
  const r = await fetch(`${base}/api/documents`, { method: "POST", headers: { "content-type": "application/json", ...auth(token) }, body: JSON.stringify({ title, content }) });
  if (r.status !== 201) throw new Error(`${base}: POST /api/documents answered ${r.status}: ${await r.text()}`);
  return { id: (await r.json()).id, etag: r.headers.get("etag"), n: 0 };
}

/** A GET scenario with autocannon; throughput and latency count the expected status only. */
function cannon(url, headers, seconds, expect) {
  const latencies = [];
  const statuses = {};
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, headers, connections, duration: seconds }, (err, result) => {
      if (err) return reject(err);
      if (result.errors) statuses.error = (statuses.error ?? 0) + result.errors;
      resolve({ latencies, statuses, seconds: (performance.now() - started) / 1000 });
    });
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status === expect) latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

/**
 * Closed-loop PUTs: one worker per connection, each owning one document and always sending
 * its latest ETag, so the conditional path never conflicts and both variants do the same work.
 * (autocannon resets its per-connection context after every request when there is one request
 * in the list, so it cannot carry an ETag from a response to the next request.)
 */
async function putLoop(base, token, docs, star, seconds, expect = 200) {
  const statuses = {};
  const latencies = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    docs.map(async (doc) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        let status = "error";
        try {
          const r = await fetch(`${base}/api/documents/${doc.id}`, {
            method: "PUT",
            headers: { "content-type": "application/json", "if-match": star ? "*" : doc.etag, ...auth(token) },
            body: JSON.stringify({ title: "bench", content: `edit ${++doc.n}\n` }),
          });
          await r.arrayBuffer();
          status = r.status;
          doc.etag = r.headers.get("etag") ?? doc.etag;
        } catch {
          // counted below as "error"
        }
        if (status === expect) latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  return { latencies, statuses, seconds: (performance.now() - started) / 1000 };
}

function merge(runs) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const statuses = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { rps: latencies.length / seconds, p50: pct(50), p99: pct(99), statuses };
}

const SCENARIOS = [
  { name: "PUT If-Match: <etag>", expect: 200, target: 0.5, run: (t, s) => putLoop(t.baseUrl, t.token, t.docs, false, s) },
  { name: "GET If-None-Match → 304", expect: 304, target: 0.5, run: (t, s, e) => cannon(`${t.baseUrl}/api/documents/${t.big.id}`, { "if-none-match": t.big.etag, ...auth(t.token) }, s, e) },
  { name: "GET 256 KB → 200", expect: 200, target: 0.8, run: (t, s, e) => cannon(`${t.baseUrl}/api/documents/${t.big.id}`, auth(t.token), s, e) },
  { name: "GET impossible id → 404", expect: 404, run: (t, s, e) => cannon(`${t.baseUrl}/api/documents/no.such.id`, auth(t.token), s, e) },
  { name: "GET without credentials → 401", expect: 401, run: (t, s, e) => cannon(`${t.baseUrl}/api/documents/${t.big.id}`, {}, s, e) },
  { name: "PUT If-Match: *", expect: 200, run: (t, s) => putLoop(t.baseUrl, t.token, t.docs, true, s) },
];
const BIG = "lorem ipsum dolor sit amet\n".repeat(Math.ceil((256 * 1024) / 27));

const fmt = (r) => [r.rps.toFixed(0), `${r.p50.toFixed(1)} ms`, `${r.p99.toFixed(1)} ms`];
const missed = [];
const notes = [];
console.log(`bench/api — Tandem vs hand-written baseline, ${duration}s per scenario and server, ${connections} connections`);
console.log(`machine: ${machine()}`);
console.log("(load generator, both servers and PostgreSQL share this machine; only one server is under load at a time)\n");
for (const provider of providers) {
  const tandemDb = await createTestDatabase(provider);
  const baselineDb = await createTestDatabase(provider);
  // Tandem's log lines (one per request) go to a file, as in production, not into this process,
  // which is also the load generator; the baseline logs nothing.
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), "tandem-bench-")), "tandem.log");
  const tandem = await startServer({ databaseUrl: tandemDb.url, env: { MAX_BODY_BYTES: String(8 * 1024 * 1024), SQLITE_SYNCHRONOUS: synchronous }, logFile });
  const baseline = await startBaseline(provider, baselineDb).catch(async (error) => {
    await tandem.stop();
    throw error;
  });
  let tandemExit;
  void tandem.exited.then((code) => (tandemExit = code));
  try {
    const targets = { tandem, baseline };
    tandem.token = (await signUp(tandem.baseUrl, { name: "Bench" })).token;
    baseline.token = BASELINE_TOKEN;
    for (const t of Object.values(targets)) {
      t.docs = [];
      for (let i = 0; i < connections; i++) t.docs.push(await seed(t.baseUrl, t.token, `bench ${i}`, "start\n"));
      t.big = await seed(t.baseUrl, t.token, "256 KB", BIG);
      // Warm-up: compile routes, fill pools and JITs on every path measured.
      await cannon(`${t.baseUrl}/api/documents/${t.big.id}`, auth(t.token), 1, 200);
      await putLoop(t.baseUrl, t.token, t.docs, false, 1);
      await putLoop(t.baseUrl, t.token, t.docs, true, 1);
    }
    if (provider === "sqlite") {
      const Database = driver("better-sqlite3");
      const probe = new Database(tandemDb.name, { readonly: true });
      const pragma = (p) => `${p}=${probe.pragma(p, { simple: true })}`;
      notes.push(`sqlite pragmas — Tandem: ${pragma("journal_mode")} ${pragma("foreign_keys")} (read on a fresh connection to its file) synchronous=${synchronous} (SQLITE_SYNCHRONOUS, set on its writing connection) · baseline: ${baseline.describe.split("; ")[1]}`);
      probe.close();
    } else {
      notes.push(`postgresql — Tandem: pool 10 (packages/db/src/database.ts) · baseline: pg with named prepared statements, ${baseline.describe.split("; ")[1]}`);
    }

    const rows = [];
    const results = {};
    for (const s of SCENARIOS) {
      const runs = { tandem: [], baseline: [] };
      for (const who of ["tandem", "baseline", "baseline", "tandem"]) runs[who].push(await s.run(targets[who], duration / 2, s.expect));
      const [a, b] = [merge(runs.tandem), merge(runs.baseline)];
      results[s.name] = a;
      const ratio = b.rps > 0 ? a.rps / b.rps : 0;
      const verdict = s.target === undefined ? "" : ratio >= s.target ? "met" : "MISSED";
      if (verdict === "MISSED") missed.push(`${provider}: ${s.name} Tandem/baseline ${ratio.toFixed(2)} < ${s.target}`);
      rows.push([s.name, ...fmt(a), ...fmt(b), ratio.toFixed(2), s.target === undefined ? "—" : `≥ ${s.target.toFixed(2)}`, verdict]);
      for (const [who, r] of [["Tandem", a], ["baseline", b]]) {
        const other = Object.entries(r.statuses).filter(([k]) => k !== String(s.expect));
        if (other.length) notes.push(`${provider}: ${who} ${s.name}: unexpected statuses ${JSON.stringify(Object.fromEntries(other))} (expected ${s.expect}; left out of req/s and latency)`);
      }
    }
    const own = results["GET 256 KB → 200"].rps > 0 ? results["GET If-None-Match → 304"].rps / results["GET 256 KB → 200"].rps : NaN;
    if (!(own >= 2)) missed.push(`${provider}: Tandem 304/200 ${own.toFixed(2)} < 2`);
    rows.push(["Tandem 304 / Tandem 200 (256 KB)", "", "", "", "", "", "", own.toFixed(2), "≥ 2.00", own >= 2 ? "met" : "MISSED"]);
    if (tandemExit !== undefined) notes.push(`${provider}: the Tandem server exited (code ${tandemExit}) during the run; its last output:\n${tandem.output().slice(-3000)}`);
    console.log(`\n${provider}\n${table(["scenario", "Tandem req/s", "p50", "p99", "baseline req/s", "p50", "p99", "Tandem/baseline", "target", ""], rows)}`);
  } finally {
    await Promise.all([tandem.stop(), baseline.stop()]);
    await Promise.all([tandemDb.drop(), baselineDb.drop()]);
  }
}
console.log(`\n${notes.join("\n")}`);
console.log(missed.length ? `\nTargets MISSED (${missed.length}):\n  ${missed.join("\n  ")}` : "\nAll targets met.");
