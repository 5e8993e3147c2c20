// bench/storage: what a revision costs to store and to read, on SQLite and PostgreSQL.
//   pnpm bench:storage [--edits 10000] [--size-mib 1] [--databases sqlite,postgresql] [--reads 200]
// Needs `pnpm build` first. Writes through the repository layer (@tandem/db's compare-and-set,
// the statement every API write runs) rather than HTTP: 10,000 HTTP round trips of a 1 MiB body
// would measure the network stack, not the storage. Per database:
//   (a) bytes a one-line edit of a 1 MiB document adds (median, and amortised over the run,
//       snapshots included)            target ≤ 16 KiB
//   (b) bytes a title-only change adds  target ≤ 1 KiB
//   (c) bytes a rewrite of the whole document adds   target ≤ its deflated size
//   revision tables after `edits` one-line edits, against full-copy storage of the same history
//   (the old schema's Revision rows, measured on a sample in a scratch table of this run, and
//   multiplied out)                      target ≤ 1 %
//   GET …/revisions/:version read time (repository: query + rebuild + checksum), p50/p99 over
//   random versions, after a warm-up on another document of the same shape (chain heads stored
//   on a root); the first read of each snapshot fetches it, the first of each chain fetches its
//   head                                                       target p99 ≤ 20 ms
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { createRequire } from "node:module";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_FLAGS } from "../../packages/contract/dist/index.js";
import { createDatabase } from "../../packages/db/dist/index.js";
import { SNAPSHOT_EVERY } from "../../packages/db/dist/revision-content.js";
import { migrate } from "../../packages/migrate/dist/index.js";
import { createTestDatabase } from "../../packages/testkit/dist/index.js";
import { machine, table } from "../machine.mjs";

// The drivers @tandem/db itself uses (the root package does not depend on them).
const requireFromDb = createRequire(new URL("../../packages/db/package.json", import.meta.url));
const Sqlite = requireFromDb("better-sqlite3");
const pg = requireFromDb("pg");

// The reads run in this process: with the server's Node flags, as the server would run them.
if (!SERVER_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const { status } = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(status ?? 1);
}

const { values } = parseArgs({
  options: {
    edits: { type: "string", default: "10000" },
    "size-mib": { type: "string", default: "1" },
    databases: { type: "string", default: "sqlite,postgresql" },
    reads: { type: "string", default: "300" },
  },
});
const EDITS = Number(values.edits);
const SIZE = Number(values["size-mib"]) * 1024 * 1024;
const READS = Number(values.reads);
const MIGRATIONS = new URL("../../prisma/migrations", import.meta.url).pathname;
const KiB = 1024;
const MiB = 1024 * KiB;

// Prose-like text: words from a vocabulary, lines of 40–120 characters (compresses like text).
function documentOf(size) {
  const words = "the a revision storage document line edit tandem history delta snapshot content chain merge writer reader version server client database table index query value".split(" ");
  let seed = 42;
  const next = (n) => (seed = (seed * 48271) % 2147483647) % n;
  const lines = [];
  for (let total = 0; total < size; ) {
    let line = "";
    const length = 40 + next(80);
    while (line.length < length) line += `${words[next(words.length)]}${next(12) === 0 ? ", " : " "}`;
    line = `${line.trimEnd()}.\n`;
    lines.push(line);
    total += line.length;
  }
  return lines;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (bytes) => (bytes >= MiB ? `${(bytes / MiB).toFixed(2)} MiB` : bytes >= KiB ? `${(bytes / KiB).toFixed(2)} KiB` : `${Math.round(bytes)} B`);

/** Bytes the revision tables hold, as each database counts them. */
function sizer(provider, testDb) {
  if (provider === "postgresql") {
    const sql = async (text, params = []) => {
      const client = new pg.Client({ connectionString: testDb.url });
      await client.connect();
      try {
        return (await client.query(text, params)).rows;
      } finally {
        await client.end();
      }
    };
    return {
      sql,
      // What one more revision adds: its row and its content row, as stored (TOAST included).
      async logical() {
        const [r] = await sql(`SELECT (SELECT COALESCE(sum(pg_column_size(r.*)), 0) FROM "Revision" r)::bigint + (SELECT COALESCE(sum(pg_column_size(c.*)), 0) FROM "RevisionContent" c)::bigint AS bytes`);
        return Number(r.bytes);
      },
      async physical() {
        await sql(`VACUUM ANALYZE "Revision"`);
        await sql(`VACUUM ANALYZE "RevisionContent"`);
        const [r] = await sql(`SELECT pg_total_relation_size('"Revision"') + pg_total_relation_size('"RevisionContent"') AS bytes, pg_database_size(current_database()) AS db`);
        return { tables: Number(r.bytes), database: Number(r.db) };
      },
      /**
       * The write burst leaves ~10 GiB of dead current-row versions (each write replaces a 1 MiB
       * TOASTed content) that autovacuum then works through for minutes, on the same two cores
       * the reads run on, and as many dirty buffers the checkpointer would write out during
       * them. Reads are measured on a settled database: vacuumed, checkpointed, synced.
       */
      /** Pages the revision tables (heap, indexes, TOAST) read from outside shared buffers, and found in them. */
      async pagesRead() {
        const [r] = await sql(
          `SELECT sum(COALESCE(heap_blks_read, 0) + COALESCE(idx_blks_read, 0) + COALESCE(toast_blks_read, 0) + COALESCE(tidx_blks_read, 0))::bigint AS read, sum(COALESCE(heap_blks_hit, 0) + COALESCE(idx_blks_hit, 0) + COALESCE(toast_blks_hit, 0) + COALESCE(tidx_blks_hit, 0))::bigint AS hit FROM pg_statio_user_tables WHERE relname IN ('Revision', 'RevisionContent')`,
        );
        return { read: Number(r.read), hit: Number(r.hit) };
      },
      async settle() {
        const [busy] = await sql(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`);
        const started = performance.now();
        await sql(`VACUUM "Document"`);
        await sql(`CHECKPOINT`);
        execFileSync("sync");
        return `autovacuum workers busy on this database: ${busy.n}; VACUUM "Document", CHECKPOINT and sync took ${((performance.now() - started) / 1000).toFixed(1)} s`;
      },
      /** Full copy, the old way: one text row per revision (PostgreSQL compresses it with pglz). */
      async fullCopyPerRevision(content, samples) {
        await sql(`CREATE TABLE full_copy_baseline (id serial PRIMARY KEY, "documentId" text, "version" int, "title" text, "content" text, "etag" text, "kind" text, "author" text, "authorId" text, "createdAt" timestamp(3))`);
        for (let i = 0; i < samples; i++) {
          await sql(`INSERT INTO full_copy_baseline ("documentId", "version", "title", "content", "etag", "kind", "author", "createdAt") VALUES ('d', $1, 'Title', $2, $3, 'update', 'ann', now())`, [i, `${content}${i}\n`, `${i}.etag`]);
        }
        const [r] = await sql(`SELECT pg_total_relation_size('full_copy_baseline') AS bytes`);
        await sql(`DROP TABLE full_copy_baseline`);
        return Number(r.bytes) / samples;
      },
    };
  }
  const file = testDb.name;
  const open = () => new Sqlite(file, { timeout: 10_000 });
  const run = (fn) => {
    const db = open();
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const revisionBytes = `(SELECT COALESCE(sum(length("documentId") + length("title") + length("contentHash") + length("etag") + length("kind") + COALESCE(length("author"), 0) + COALESCE(length("authorId"), 0) + length("createdAt") + 16), 0) FROM "Revision")`;
  const contentBytes = `(SELECT COALESCE(sum(length("documentId") + length("hash") + COALESCE(length("baseHash"), 0) + length("codec") + length("data") + 24), 0) FROM "RevisionContent")`;
  return {
    async logical() {
      return run((db) => db.prepare(`SELECT ${revisionBytes} + ${contentBytes} AS bytes`).get().bytes);
    },
    async physical() {
      return run((db) => {
        db.pragma("wal_checkpoint(TRUNCATE)");
        const pageSize = db.pragma("page_size", { simple: true });
        const pages = (name) => db.prepare(`SELECT count(*) AS n FROM dbstat WHERE name = ? OR name LIKE ?`).get(name, `sqlite_autoindex_${name}%`).n;
        const indexPages = db.prepare(`SELECT count(*) AS n FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('Revision', 'RevisionContent'))`).get().n;
        return { tables: (pages("Revision") + pages("RevisionContent") + indexPages) * pageSize, database: statSync(file).size };
      });
    },
    /** Nothing runs behind SQLite's back: `physical()` checkpointed the WAL already. */
    /** SQLite reads through the OS's page cache; it keeps no such count. */
    async pagesRead() {
      return null;
    },
    async settle() {
      const started = performance.now();
      execFileSync("sync");
      return `WAL checkpointed; sync took ${((performance.now() - started) / 1000).toFixed(1)} s`;
    },
    async fullCopyPerRevision(content, samples) {
      return run((db) => {
        db.exec(`CREATE TABLE full_copy_baseline (id INTEGER PRIMARY KEY, "documentId" TEXT, "version" INTEGER, "title" TEXT, "content" TEXT, "etag" TEXT, "kind" TEXT, "author" TEXT, "authorId" TEXT, "createdAt" TEXT)`);
        const insert = db.prepare(`INSERT INTO full_copy_baseline ("documentId", "version", "title", "content", "etag", "kind", "author", "createdAt") VALUES ('d', ?, 'Title', ?, ?, 'update', 'ann', '2026-01-01T00:00:00.000+00:00')`);
        for (let i = 0; i < samples; i++) insert.run(i, `${content}${i}\n`, `${i}.etag`);
        const pageSize = db.pragma("page_size", { simple: true });
        const bytes = db.prepare(`SELECT count(*) AS n FROM dbstat WHERE name = 'full_copy_baseline'`).get().n * pageSize;
        db.exec(`DROP TABLE full_copy_baseline`);
        return bytes / samples;
      });
    },
  };
}

async function benchProvider(provider) {
  const testDb = await createTestDatabase(provider);
  try {
    await migrate({ url: testDb.url, migrationsRoot: MIGRATIONS });
    // The app's durability settings (SQLite: synchronous=full); one connection pool.
    const db = createDatabase({ url: testDb.url, statementTimeoutMs: 60_000 });
    const size = sizer(provider, testDb);
    const lines = documentOf(SIZE);
    let version = 1;
    let row;
    const stamp = () => ({ version: version + 1, etag: `${version + 1}.${Math.random().toString(36).slice(2, 10)}`, now: new Date(), author: "bench", authorId: null });
    const write = async (change) => {
      const s = stamp();
      const result = await db.documents.compareAndSet({ id: "doc", version, etag: row.etag, live: true }, change, s, "update");
      if (!result.written) throw new Error("lost a write nobody raced");
      row = result.row;
      version = row.version;
    };
    const measured = async (change) => {
      const before = await size.logical();
      await write(change);
      return (await size.logical()) - before;
    };
    row = await db.documents.insert("doc", { title: "Bench", content: lines.join("") }, { version: 1, etag: "1.bench", now: new Date(), author: "bench", authorId: null });
    let at = 0;
    const oneLineEdit = () => {
      at = (at * 7919 + 101) % lines.length;
      lines[at] = `edited ${version} ${lines[at]}`;
      return { content: lines.join("") };
    };

    // (a) one-line edits, measured one by one; (b) a title-only change; (c) a rewrite.
    const edits = [];
    for (let i = 0; i < 20; i++) edits.push(await measured(oneLineEdit()));
    const titleOnly = await measured({ title: `Renamed ${version}` });
    const rewrite = documentOf(SIZE).map((l) => l.split("").reverse().join("").trimStart() + "\n");
    const rewriteBytes = await measured({ content: rewrite.join("") });
    const deflated = deflateRawSync(Buffer.from(rewrite.join(""), "utf8")).length;
    lines.splice(0, lines.length, ...rewrite);

    // The long run: `EDITS` one-line edits in all.
    const started = performance.now();
    const writeTimes = [];
    while (version < EDITS + 1) {
      const change = oneLineEdit();
      const t = performance.now();
      await write(change);
      writeTimes.push(performance.now() - t);
    }
    const writeSeconds = (performance.now() - started) / 1000;
    const revisions = version;
    const afterRun = await size.logical();
    const physical = await size.physical();
    const fullCopyRow = await size.fullCopyPerRevision(lines.join(""), 20);
    const fullCopy = fullCopyRow * revisions;
    const settled = await size.settle();

    // A server answers reads warm: first let the JIT compile the read path on another document of
    // the same shape (past two chain heads, so chains on a root and their many-hunk heads), so the
    // figures below are reads, not compilation. The measured document's snapshots stay cold: its
    // first read of each snapshot fetches it.
    const warmLines = documentOf(SIZE).reverse();
    let warm = await db.documents.insert("warm", { title: "Warm-up", content: warmLines.join("") }, { version: 1, etag: "1.warm", now: new Date(), author: "bench", authorId: null });
    for (let i = 1; i <= 2 * SNAPSHOT_EVERY + 50; i++) {
      warmLines[(i * 131) % warmLines.length] = `warm ${i}\n`;
      const stamp = { version: warm.version + 1, etag: `${warm.version + 1}.warm`, now: new Date(), author: "bench", authorId: null };
      warm = (await db.documents.compareAndSet({ id: "warm", version: warm.version, etag: warm.etag, live: true }, { content: warmLines.join("") }, stamp, "update")).row;
    }
    for (let i = 0; i < 100; i++) await db.documents.findRevision("warm", 1 + ((i * 37) % warm.version));

    // Reads: random versions across the whole history (each chain up to SNAPSHOT_EVERY deep).
    // What else happened meanwhile: full collections of this process, pages the database read.
    const pagesBefore = await size.pagesRead();
    const collections = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) collections.push(entry.duration);
    });
    observer.observe({ entryTypes: ["gc"] });
    const reads = [];
    const readVersions = [];
    for (let i = 0; i < READS; i++) {
      const v = 1 + Math.floor(Math.random() * revisions);
      const t = performance.now();
      const revision = await db.documents.findRevision("doc", v);
      reads.push(performance.now() - t);
      readVersions.push(v);
      if (!revision) throw new Error(`no revision ${v}`);
    }
    // Delivered asynchronously: a turn of the event loop before the count is read.
    await nextTurn();
    observer.disconnect();
    // Which reads were the first of their snapshot (fetched, not held), and which the first of
    // their chain on a held snapshot (its head fetched with it), after the fact.
    const rows = await db.prisma.revisionContent.findMany({ where: { documentId: "doc" }, select: { hash: true, baseHash: true } });
    const bases = new Map(rows.map((r) => [r.hash, r.baseHash]));
    const hashOf = new Map((await db.prisma.revision.findMany({ where: { documentId: "doc" }, select: { version: true, contentHash: true } })).map((r) => [r.version, r.contentHash]));
    const snapshotOf = (hash) => (bases.get(hash) === null ? hash : snapshotOf(bases.get(hash)));
    // A chain: the row right above the snapshot it ends on.
    const chainOf = (hash) => (bases.get(hash) === null || bases.get(bases.get(hash)) === null ? hash : chainOf(bases.get(hash)));
    const seen = new Set();
    const firstReads = [];
    const firstOfChain = [];
    const laterReads = [];
    const described = [];
    readVersions.forEach((v, i) => {
      const snapshot = snapshotOf(hashOf.get(v));
      const chain = `chain ${chainOf(hashOf.get(v))}`;
      const kind = !seen.has(snapshot) ? "first" : !seen.has(chain) ? "chain" : "later";
      ({ first: firstReads, chain: firstOfChain, later: laterReads })[kind].push(reads[i]);
      described.push({ ms: reads[i], v, kind });
      seen.add(snapshot).add(chain);
    });
    const heads = rows.filter((r) => r.baseHash !== null && bases.get(r.baseHash) === null).length;
    // The reads p99 is made of: which version, whether first of its chain, in which order.
    const slowest = described.map((d, i) => ({ ...d, i })).sort((a, b) => b.ms - a.ms).slice(0, 6);
    for (const list of [firstReads, firstOfChain, laterReads]) list.sort((a, b) => a - b);
    const snapshots = rows.filter((r) => r.baseHash === null).length;
    const last = await db.documents.findRevision("doc", revisions);
    if (createHash("sha256").update(last.content).digest("hex") !== createHash("sha256").update(lines.join("")).digest("hex")) throw new Error("the last revision does not read back");
    reads.sort((a, b) => a - b);
    writeTimes.sort((a, b) => a - b);
    await db.close();
    // A backend reports its page counts as it ends (and at most once a second before): after the close.
    const pagesAfter = await size.pagesRead();
    const meanwhile = [
      `full collections during the reads: ${collections.length}${collections.length ? ` (${collections.map((d) => d.toFixed(1)).join(", ")} ms)` : ""}`,
      pagesBefore ? `revision tables' pages during the reads (and the checks after them): ${pagesAfter.read - pagesBefore.read} read from outside shared buffers, ${pagesAfter.hit - pagesBefore.hit} found in them` : null,
    ].filter(Boolean);
    edits.sort((a, b) => a - b);
    return {
      provider,
      rows: [
        ["(a) one-line edit of a 1 MiB document, median of 20", fmt(percentile(edits, 50)), "≤ 16 KiB", percentile(edits, 50) <= 16 * KiB],
        [`(a) the same, amortised over ${revisions} revisions (snapshots included)`, fmt(afterRun / revisions), "≤ 16 KiB", afterRun / revisions <= 16 * KiB],
        ["(b) title-only change", fmt(titleOnly), "≤ 1 KiB", titleOnly <= KiB],
        ["(c) rewrite of the whole document", `${fmt(rewriteBytes)} (deflated: ${fmt(deflated)})`, "≤ deflated size + 1 KiB", rewriteBytes <= deflated + KiB],
        [`revision tables after ${revisions} revisions (on disk)`, fmt(physical.tables), "", ""],
        [`full-copy storage of the same history (${fmt(fullCopyRow)}/revision measured × ${revisions})`, fmt(fullCopy), "", ""],
        ["revision tables / full copy", `${((100 * physical.tables) / fullCopy).toFixed(3)} %`, "≤ 1 %", physical.tables <= fullCopy / 100],
        ["whole database file/size (current row's dead versions included)", fmt(physical.database), "", ""],
        [`before the reads: ${settled}`, "", "", ""],
        [`GET revision (repository) p50 / p99, ${READS} random versions`, `${percentile(reads, 50).toFixed(2)} / ${percentile(reads, 99).toFixed(2)} ms`, "p99 ≤ 20 ms", percentile(reads, 99) <= 20],
        [`  the document's content rows: ${snapshots} snapshots, ${heads} deltas on one (chain heads on a root, and the rows next to each snapshot)`, "", "", ""],
        [`  of which first of their snapshot (fetched): ${firstReads.length}, p50 / p99`, firstReads.length ? `${percentile(firstReads, 50).toFixed(2)} / ${percentile(firstReads, 99).toFixed(2)} ms` : "", "", ""],
        [`  of which first of their chain (snapshot held): ${firstOfChain.length}, p50 / p99`, firstOfChain.length ? `${percentile(firstOfChain, 50).toFixed(2)} / ${percentile(firstOfChain, 99).toFixed(2)} ms` : "", "", ""],
        [`  of which later in a chain: ${laterReads.length}, p50 / p99`, `${percentile(laterReads, 50).toFixed(2)} / ${percentile(laterReads, 99).toFixed(2)} ms`, "", ""],
        [`  slowest: ${slowest.map((d) => `#${d.i} v${d.v}${d.kind === "later" ? "" : ` ${d.kind}`} ${d.ms.toFixed(1)} ms`).join("; ")}`, "", "", ""],
        ...meanwhile.map((text) => [`  ${text}`, "", "", ""]),
        [`write (compare-and-set of a 1 MiB document) p50 / p99; ${EDITS} edits in ${writeSeconds.toFixed(0)} s`, `${percentile(writeTimes, 50).toFixed(2)} / ${percentile(writeTimes, 99).toFixed(2)} ms`, "", ""],
      ],
    };
  } finally {
    await testDb.drop();
  }
}

console.log(`bench/storage: ${EDITS} one-line edits of a ${fmt(SIZE)} document; ${machine()}`);
for (const provider of values.databases.split(",")) {
  const { rows } = await benchProvider(provider);
  console.log(`\n${provider}`);
  console.log(table(["figure", "measured", "target", "met"], rows.map(([a, b, c, d]) => [a, b, c, d === "" ? "" : d ? "yes" : "NO"])));
}
