// The baseline: the same compare-and-set write (version check in the UPDATE, revision insert,
// one transaction) issued straight at the database, with no HTTP, Next or Prisma in between.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const requireFromMigrate = createRequire(path.join(here, "..", "..", "packages", "migrate", "package.json"));

const etag = (v) => `${v}.${randomBytes(9).toString("base64url")}`;

export async function rawCasLoop({ provider, url, ids, durationMs, connections }) {
  const deadline = performance.now() + durationMs;
  const latencies = [];
  let ops = 0;
  if (provider === "sqlite") {
    const Database = requireFromMigrate("better-sqlite3");
    const db = new Database(url.slice("file:".length), { timeout: 10_000 });
    const meta = db.prepare('SELECT version FROM "Document" WHERE id = ?');
    const update = db.prepare('UPDATE "Document" SET content = ?, version = ?, etag = ?, "updatedAt" = ? WHERE id = ? AND version = ?');
    const row = db.prepare('SELECT * FROM "Document" WHERE id = ?');
    const insert = db.prepare('INSERT INTO "Revision" ("documentId", version, title, content, etag, kind, author, "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const write = db.transaction((id, content) => {
      const { version } = meta.get(id);
      const next = version + 1;
      const tag = etag(next);
      const now = Date.now();
      if (update.run(content, next, tag, now, id, version).changes !== 1) throw new Error("lost race");
      const r = row.get(id);
      insert.run(id, next, r.title, content, tag, "update", null, now);
    });
    for (let i = 0; performance.now() < deadline; i++) {
      const t = performance.now();
      write(ids[i % ids.length], `raw ${i}`);
      latencies.push(performance.now() - t);
      ops++;
    }
    db.close();
  } else {
    const pg = requireFromMigrate("pg");
    const pool = new pg.Pool({ connectionString: url, max: connections });
    await Promise.all(
      ids.slice(0, connections).map(async (id, c) => {
        for (let i = 0; performance.now() < deadline; i++) {
          const t = performance.now();
          const client = await pool.connect();
          try {
            const { rows } = await client.query('SELECT version FROM "Document" WHERE id = $1', [id]);
            const next = rows[0].version + 1;
            const tag = etag(next);
            await client.query("BEGIN");
            const u = await client.query('UPDATE "Document" SET content = $1, version = $2, etag = $3, "updatedAt" = now() WHERE id = $4 AND version = $5 RETURNING title', [`raw ${c}.${i}`, next, tag, id, next - 1]);
            if (u.rowCount !== 1) throw new Error("lost race");
            await client.query('INSERT INTO "Revision" ("documentId", version, title, content, etag, kind, "createdAt") VALUES ($1, $2, $3, $4, $5, $6, now())', [id, next, u.rows[0].title, `raw ${c}.${i}`, tag, "update"]);
            await client.query("COMMIT");
          } finally {
            client.release();
          }
          latencies.push(performance.now() - t);
          ops++;
        }
      }),
    );
    await pool.end();
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { rps: ops / (durationMs / 1000), p50: pct(50), p99: pct(99) };
}
