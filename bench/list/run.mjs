// bench/list: the document list and full-text search over 100,000 documents, on both databases.
//   pnpm bench:list [--documents 100000] [--requests 300] [--only sqlite|postgresql]
// Needs `pnpm build` first. Per provider: a fresh database, migrated, the built server started
// on it, one account signed up, then the documents bulk-inserted through SQL (the index
// triggers and the generated column do their work as in production): 90% of them the bench
// user's (a membership each), 10% another account's that no search of the bench user may
// return. Requests run one at a time; the time measured is the server's own (the `ms` of its
// access log line, found by X-Request-Id), next to the client's. Baseline, same run and server:
// reading one document (GET /api/documents/:id), the cheapest authenticated read.
// Targets (issue 11): list page p99 ≤ 50 ms and search p99 ≤ 100 ms, server-side.
// A benchmark, not a test: it exits 0 whatever the numbers, and names the targets missed.
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrate } from "../../packages/migrate/dist/index.js";
import { createTestDatabase, signUp, startServer } from "../../packages/testkit/dist/index.js";
import { driver } from "../api/baseline-http.mjs";
import { machine, table } from "../machine.mjs";

const Database = driver("better-sqlite3");
const pg = driver("pg");

const { values } = parseArgs({
  options: {
    documents: { type: "string", default: "100000" },
    requests: { type: "string", default: "200" },
    only: { type: "string" },
  },
});
const DOCUMENTS = Number(values.documents);
const REQUESTS = Number(values.requests);
const providers = values.only ? [values.only] : ["sqlite", "postgresql"];
const MIGRATIONS = path.resolve(import.meta.dirname, "..", "..", "prisma", "migrations");
const TARGETS = { list: 50, search: 100 };

// Deterministic text: a 2,000-word vocabulary, 40 words of content and 3 of title per
// document, so one word is in about 2% of the documents (2,000 of 100,000).
const VOCABULARY = Array.from({ length: 2_000 }, (_, i) => `w${i.toString(36)}${"aeiou"[i % 5]}x`);
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
}
function words(next, n) {
  return Array.from({ length: n }, () => VOCABULARY[Math.floor(next() * VOCABULARY.length)]).join(" ");
}
function documentAt(i, owner, stranger) {
  const next = rng(i + 1);
  const at = new Date(Date.UTC(2026, 0, 1) + i * 1_000).toISOString();
  return { id: `bench-${i}`, title: words(next, 3), content: words(next, 40), at, userId: i % 10 === 9 ? stranger : owner };
}

async function seedSqlite(file, owner, stranger) {
  const db = new Database(file, { timeout: 30_000 });
  // Prisma's SQLite DateTime: ISO-8601 text with a numeric offset (as the hot path writes it).
  const doc = db.prepare(`INSERT INTO "Document" ("id","title","content","version","etag","createdAt","updatedAt","updatedBy","updatedById","deletedAt") VALUES (?,?,?,1,?,?,?,?,?,NULL)`);
  const member = db.prepare(`INSERT INTO "DocumentMember" ("documentId","userId","role","createdAt","updatedAt") VALUES (?,?,'owner',?,?)`);
  const insert = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const d = documentAt(i, owner, stranger);
      const at = d.at.replace("Z", "+00:00");
      doc.run(d.id, d.title, d.content, `1.b${i}`, at, at, "Bench", d.userId);
      member.run(d.id, d.userId, at, at);
    }
  });
  for (let from = 0; from < DOCUMENTS; from += 10_000) insert(from, Math.min(DOCUMENTS, from + 10_000));
  db.exec("ANALYZE");
  db.close();
}

async function seedPostgres(url, owner, stranger) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let from = 0; from < DOCUMENTS; from += 5_000) {
      const rows = Array.from({ length: Math.min(5_000, DOCUMENTS - from) }, (_, k) => documentAt(from + k, owner, stranger));
      await client.query(
        `INSERT INTO "Document" ("id","title","content","version","etag","createdAt","updatedAt","updatedBy","updatedById","deletedAt")
         SELECT id, title, content, 1, '1.b' || id, at, at, 'Bench', uid, NULL FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[], $5::text[]) AS t(id, title, content, at, uid)`,
        [rows.map((r) => r.id), rows.map((r) => r.title), rows.map((r) => r.content), rows.map((r) => r.at), rows.map((r) => r.userId)],
      );
      await client.query(
        `INSERT INTO "DocumentMember" ("documentId","userId","role","createdAt","updatedAt") SELECT id, uid, 'owner', at, at FROM unnest($1::text[], $2::text[], $3::timestamp(3)[]) AS t(id, uid, at)`,
        [rows.map((r) => r.id), rows.map((r) => r.userId), rows.map((r) => r.at)],
      );
    }
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}

/** A GET on a connection of its own (no kept-alive socket the server may have closed meanwhile). */
function get(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, link: res.headers.link ?? null, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `paths` one request at a time; the server's and the client's times in ms. */
async function measure(server, token, label, paths) {
  const client = [];
  const ids = [];
  for (let i = 0; i < paths.length; i++) {
    const reqId = `bench-${label}-${i}-${Math.random().toString(36).slice(2, 8)}`;
    const started = performance.now();
    const res = await get(`${server.baseUrl}${paths[i]}`, { authorization: `Bearer ${token}`, "x-request-id": reqId });
    client.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${label}: ${paths[i]} answered ${res.status}`);
    ids.push(reqId);
  }
  // The access line is written when the answer is done: give the last one a moment.
  await new Promise((r) => setTimeout(r, 200));
  const byId = new Map(server.logLines().filter((l) => typeof l.reqId === "string").map((l) => [l.reqId, Number(l.ms)]));
  const serverMs = ids.map((id) => byId.get(id)).filter((ms) => ms !== undefined).sort((a, b) => a - b);
  client.sort((a, b) => a - b);
  return { serverMs, client };
}

async function run(provider) {
  const db = await createTestDatabase(provider);
  const log = path.join(mkdtempSync(path.join(tmpdir(), "tandem-bench-list-")), "server.log");
  let server;
  try {
    await migrate({ url: db.url, migrationsRoot: MIGRATIONS });
    server = await startServer({ databaseUrl: db.url, logFile: log });
    const owner = await signUp(server.baseUrl, { name: "Bench" });
    const stranger = await signUp(server.baseUrl, { name: "Stranger" });
    const seeding = performance.now();
    if (provider === "sqlite") await seedSqlite(db.name, owner.id, stranger.id);
    else await seedPostgres(db.url, owner.id, stranger.id);
    const seedSeconds = (performance.now() - seeding) / 1000;

    // Pages deeper in the list: cursors of the first pages, followed as a client would.
    const deep = [];
    let next = "/api/documents";
    for (let p = 0; p < 20 && next; p++) {
      deep.push(next);
      const res = await get(`${server.baseUrl}${next}`, { authorization: `Bearer ${owner.token}` });
      next = /<([^>]*)>;\s*rel="next"/.exec(res.link ?? "")?.[1] ?? null;
    }
    const cycle = (list) => Array.from({ length: REQUESTS }, (_, i) => list[i % list.length]);
    const oneWord = VOCABULARY.filter((_, i) => i % 97 === 3).slice(0, 20).map((w) => `/api/documents?q=${w}`);
    const twoWords = oneWord.map((p, i) => `${p}%20${VOCABULARY[(i * 31 + 7) % VOCABULARY.length].slice(0, 3)}`);
    const prefix = VOCABULARY.filter((_, i) => i % 89 === 5).slice(0, 20).map((w) => `/api/documents?q=${w.slice(0, 4)}`);

    // Warm up every path once (JIT, statement caches, the page cache).
    await measure(server, owner.token, "warm", [...new Set([...deep, ...oneWord, ...twoWords, ...prefix])]);
    const scenarios = [
      ["baseline: GET /api/documents/:id", "-", cycle(["/api/documents/bench-0", "/api/documents/bench-1000"])],
      ["list, first page (50)", "list", cycle(["/api/documents"])],
      ["list, pages 1–20 by cursor", "list", cycle(deep)],
      ["search, one word (~2% of docs)", "search", cycle(oneWord)],
      ["search, two words", "search", cycle(twoWords)],
      ["search, 4-letter prefix", "search", cycle(prefix)],
    ];
    const results = [];
    let baseline = null;
    for (const [name, target, paths] of scenarios) {
      const { serverMs, client } = await measure(server, owner.token, name.replace(/\W+/g, "-"), paths);
      const p50 = percentile(serverMs, 50);
      const p99 = percentile(serverMs, 99);
      baseline ??= p50;
      const limit = TARGETS[target];
      results.push({ provider, name, p50, p99, clientP99: percentile(client, 99), ratio: p50 / baseline, limit, met: limit === undefined || p99 <= limit, n: serverMs.length });
    }
    return { results, seedSeconds };
  } finally {
    await server?.stop();
    await db.drop();
  }
}

console.log(`bench/list — ${DOCUMENTS.toLocaleString("en")} documents, ${REQUESTS} sequential requests per scenario`);
console.log(`machine: ${machine()}\n`);
const all = [];
const ms = (v) => `${v.toFixed(1)} ms`;
for (const provider of providers) {
  const { results, seedSeconds } = await run(provider);
  console.log(`${provider}: seeded in ${seedSeconds.toFixed(1)} s`);
  all.push(...results);
  console.log(
    "\n" +
      table(
        ["database", "scenario", "server p50", "server p99", "client p99", "p50 / baseline", "target (p99)", ""],
        all.map((r) => [r.provider, r.name, ms(r.p50), ms(r.p99), ms(r.clientP99), `${r.ratio.toFixed(1)}×`, r.limit === undefined ? "-" : `≤ ${r.limit} ms`, r.limit === undefined ? "" : r.met ? "met" : "MISSED"]),
      ) +
      "\n",
  );
}
const missed = all.filter((r) => !r.met);
if (missed.length) console.log(`\nTargets missed: ${missed.map((r) => `${r.provider} ${r.name} (p99 ${ms(r.p99)} > ${r.limit} ms)`).join("; ")}`);
