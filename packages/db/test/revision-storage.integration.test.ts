import path from "node:path";
import { migrate } from "@tandem/migrate";
import { createTestDatabase, testProviders, type TestDatabase } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, RevisionCorruptError, type Database, type RevisionRow, type Stamp } from "../src/index.ts";
import pg from "pg";
import { READ_STATEMENTS } from "../src/pg-hot-path.ts";
import { leadingParts, sha256Hex, SNAPSHOT_EVERY } from "../src/revision-content.ts";

// Revision storage as the API relies on it: every revision reads back exactly as it was
// written (the full-copy model), changes that keep the content store none of it again, chains
// stay bounded, corruption is reported and never served, and a purge leaves nothing.

const MIGRATIONS = path.resolve(import.meta.dirname, "..", "..", "..", "prisma", "migrations");
let clock = Date.parse("2026-03-01T00:00:00Z");

function stamp(version: number, author = "ann"): Stamp {
  return { version, etag: `${version}.${Math.random().toString(36).slice(2)}`, now: new Date((clock += 1000)), author, authorId: null };
}

/** The full-copy model: what each version must read back as. */
type Expected = Pick<RevisionRow, "version" | "title" | "content" | "etag" | "kind">;

async function expectHistory(db: Database, id: string, expected: Expected[]) {
  for (const e of expected) expect(await db.documents.findRevision(id, e.version), `version ${e.version}`).toMatchObject(e);
}

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function planNodes(plan: unknown): Record<string, unknown>[] {
  const nodes: Record<string, unknown>[] = [];
  const visit = (node: Record<string, unknown>) => {
    nodes.push(node);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) visit(child);
  };
  for (const entry of plan as { Plan: Record<string, unknown> }[]) visit(entry.Plan);
  return nodes;
}

const contentRows = (db: Database, documentId: string) => db.prisma.revisionContent.count({ where: { documentId } });

describe.each(testProviders())("revision storage on %s", (provider) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    await migrate({ url: testDb.url, migrationsRoot: MIGRATIONS });
    db = createDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  /** Writes a history through the repository, keeping the full-copy model of it. */
  async function writer(id: string, title: string, content: string) {
    const s = stamp(1);
    await db.documents.insert(id, { title, content }, s);
    const model: Expected[] = [{ version: 1, title, content, etag: s.etag, kind: "create" }];
    let row = (await db.documents.findRow(id))!;
    return {
      model,
      async change(change: { title?: string; content?: string; deletedAt?: Date | null; createdAt?: Date }, kind: Expected["kind"], useEtag = true) {
        const next = stamp(row.version + 1);
        const result = await db.documents.compareAndSet({ id, version: row.version, etag: useEtag ? row.etag : undefined, live: row.deletedAt === null }, change, next, kind as "update");
        if (!result.written) throw new Error("lost a write nobody raced");
        row = result.row;
        model.push({ version: row.version, title: row.title, content: row.content, etag: row.etag, kind });
      },
    };
  }

  it("random edits (CRLF, no final newline, Unicode), title-only changes, a delete and a re-create read back exactly", async () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const pieces = ["plain line\n", "crlf line\r\n", "ünïcødé — 😀\n", "", "no newline", "\n", "\t tab\n"];
    const lines = Array.from({ length: 60 }, () => pieces[rand(pieces.length)]!);
    const w = await writer("mixed", "Mixed", lines.join(""));
    for (let i = 0; i < 40; i++) {
      const choice = rand(10);
      if (choice === 0) await w.change({ title: `Title ${i}` }, "update", i % 2 === 0);
      else if (choice === 1) lines.splice(rand(lines.length), 0, `inserted ${i} é\r\n`);
      else if (choice === 2) lines.splice(rand(lines.length), 3);
      else lines[rand(lines.length)] = pieces[rand(pieces.length)]! + `edit ${i}`;
      if (choice !== 0) await w.change({ content: lines.join("") }, "update", i % 3 !== 0);
    }
    await w.change({ deletedAt: new Date(clock) }, "delete");
    await w.change({ title: "Back", content: w.model.at(-1)!.content, deletedAt: null, createdAt: new Date(clock) }, "recreate");
    await w.change({ content: "" }, "update");
    await w.change({ content: "x" }, "update");
    await expectHistory(db, "mixed", w.model);
    expect(await db.documents.verifyRevisions(() => undefined)).toMatchObject({ problems: 0 });
  });

  it("a title-only change, a delete, a re-create with the same content and a save of the same content store no new content", async () => {
    const big = "a line of a long document\n".repeat(40_000);
    const w = await writer("same", "Same", big);
    expect(await contentRows(db, "same")).toBe(1);
    await w.change({ title: "Renamed" }, "update");
    await w.change({ content: big }, "update");
    await w.change({ deletedAt: new Date(clock) }, "delete");
    await w.change({ title: "Again", content: big, deletedAt: null, createdAt: new Date(clock) }, "recreate");
    expect(await contentRows(db, "same")).toBe(1);
    await w.change({ content: `${big}one more line\n` }, "update");
    expect(await contentRows(db, "same")).toBe(2);
    const delta = await db.prisma.revisionContent.findFirstOrThrow({ where: { documentId: "same", baseHash: { not: null } } });
    expect(delta.data.length).toBeLessThan(64);
    await expectHistory(db, "same", w.model);
  });

  it("stores a snapshot at every multiple of SNAPSHOT_EVERY, so no chain is longer", async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i}\n`);
    const w = await writer("long", "Long", lines.join(""));
    for (let v = 2; v <= 2 * SNAPSHOT_EVERY + 2; v++) {
      lines[v % lines.length] = `version ${v}\n`;
      await w.change({ content: lines.join("") }, "update");
    }
    const rows = await db.prisma.revisionContent.findMany({ where: { documentId: "long" }, select: { depth: true, baseHash: true } });
    const snapshots = rows.filter((r) => r.baseHash === null).length;
    expect(snapshots).toBe(3); // versions 1, SNAPSHOT_EVERY and 2 × SNAPSHOT_EVERY: every line changed since the root
    expect(Math.max(...rows.map((r) => r.depth))).toBe(SNAPSHOT_EVERY - 1);
    await expectHistory(db, "long", w.model.filter((e) => [1, 2, SNAPSHOT_EVERY - 1, SNAPSHOT_EVERY, SNAPSHOT_EVERY + 1, 2 * SNAPSHOT_EVERY + 2].includes(e.version)));
    await expectHistory(db, "long", w.model);
  });

  it("a chain head little changed since its chain's root is a delta on that root (an intermediate snapshot), and every version reads back, cold and warm", async () => {
    // Edits stay in 20 of 400 lines: each head differs from version 1 by about 5 % of the text.
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} of a document whose edits stay in a few places\n`);
    const w = await writer("heads", "Heads", lines.join(""));
    for (let v = 2; v <= 3 * SNAPSHOT_EVERY + 1; v++) {
      const at = (v % 20) * 20;
      lines[at] = `line ${at}, edit ${v} ü\r\n`;
      await w.change({ content: lines.join("") }, "update");
    }
    const rows = await db.prisma.revisionContent.findMany({ where: { documentId: "heads" }, select: { hash: true, baseHash: true, depth: true } });
    const root = sha256Hex(w.model[0]!.content);
    expect(rows.filter((r) => r.baseHash === null).map((r) => r.hash)).toEqual([root]);
    for (const head of [1, 2, 3].map((k) => k * SNAPSHOT_EVERY)) {
      expect(rows.find((r) => r.hash === sha256Hex(w.model[head - 1]!.content)), `version ${head}`).toMatchObject({ baseHash: root, depth: 1 });
    }
    expect(Math.max(...rows.map((r) => r.depth))).toBe(SNAPSHOT_EVERY);
    // Each on an instance of its own: nothing cached (PostgreSQL's planned-snapshot query finds
    // the root under the head).
    for (const version of [2 * SNAPSHOT_EVERY + 7, SNAPSHOT_EVERY, 3 * SNAPSHOT_EVERY + 1, 5]) {
      const cold = createDatabase({ url: testDb.url });
      try {
        expect(await cold.documents.findRevision("heads", version), `version ${version}`).toMatchObject(w.model[version - 1]!);
      } finally {
        await cold.close();
      }
    }
    const warm = createDatabase({ url: testDb.url });
    try {
      await expectHistory(warm, "heads", w.model);
    } finally {
      await warm.close();
    }
    expect(await db.documents.verifyRevisions(() => undefined)).toMatchObject({ problems: 0 });
  });

  it("reverting to old content reuses its row, and a chain grown long through reverts gets a snapshot", async () => {
    const w = await writer("revert", "R", "base\n".repeat(10));
    const contents = ["base\n".repeat(10)];
    for (let v = 2; v < SNAPSHOT_EVERY; v++) {
      contents.push(`${contents.at(-1)!}v${v}\n`);
      await w.change({ content: contents.at(-1)! }, "update");
    }
    const before = await contentRows(db, "revert");
    // Back to the deepest content: no new row; its chain then grows past MAX_DEPTH.
    await w.change({ content: contents.at(-1)! }, "update");
    expect(await contentRows(db, "revert")).toBe(before);
    for (let i = 0; i < 10; i++) await w.change({ content: `${contents.at(-1)!}more ${i}\n` }, "update");
    const rows = await db.prisma.revisionContent.findMany({ where: { documentId: "revert" }, select: { depth: true } });
    expect(Math.max(...rows.map((r) => r.depth))).toBeLessThanOrEqual(SNAPSHOT_EVERY);
    await expectHistory(db, "revert", w.model);
  });

  it("concurrent writers: exactly one wins each version, and every stored revision reads back", async () => {
    const w = await writer("race", "Race", "start\n");
    const other = createDatabase({ url: testDb.url });
    try {
      let row = (await db.documents.findRow("race"))!;
      for (let round = 0; round < 8; round++) {
        const contenders = Array.from({ length: 6 }, (_, i) => ({ repo: i % 2 === 0 ? db : other, content: `${row.content}round ${round} by ${i}\n` }));
        const results = await Promise.all(contenders.map((c) => c.repo.documents.compareAndSet({ id: "race", version: row.version, live: true }, { content: c.content }, stamp(row.version + 1), "update")));
        const winners = results.filter((r) => r.written);
        expect(winners).toHaveLength(1);
        row = winners[0]!.written ? winners[0]!.row : row;
        w.model.push({ version: row.version, title: row.title, content: row.content, etag: row.etag, kind: "update" });
      }
      // Written alternately by two instances: each one's cached base goes stale in turn.
      for (let i = 0; i < 6; i++) {
        const repo = i % 2 === 0 ? other : db;
        const result = await repo.documents.compareAndSet({ id: "race", version: row.version, live: true }, { content: `${row.content}alternate ${i}\n` }, stamp(row.version + 1), "update");
        expect(result.written).toBe(true);
        row = result.written ? result.row : row;
        w.model.push({ version: row.version, title: row.title, content: row.content, etag: row.etag, kind: "update" });
      }
      await expectHistory(db, "race", w.model);
      expect(await other.documents.verifyRevisions(() => undefined)).toMatchObject({ problems: 0 });
    } finally {
      await other.close();
    }
  });

  it("a purged id created anew is written correctly by an instance that cached its old content", async () => {
    const other = createDatabase({ url: testDb.url });
    try {
      const first = await writer("reborn", "Old", "old content\n");
      await first.change({ content: "old content\nmore\n" }, "update");
      // Deleted and purged by the other instance: `db` still holds version 2 of the old one.
      const old = (await other.documents.findRow("reborn"))!;
      await other.documents.compareAndSet({ id: "reborn", version: 2, live: true }, { deletedAt: new Date(clock) }, stamp(3), "delete");
      expect(await other.documents.purge("reborn")).toBe(true);
      expect(old.version).toBe(2);
      expect(await contentRows(db, "reborn")).toBe(0);
      expect(await db.prisma.revision.count({ where: { documentId: "reborn" } })).toBe(0);
      // The new document reaches version 2 elsewhere; `db` writes over it, naming no ETag.
      const s1 = stamp(1);
      await other.documents.insert("reborn", { title: "New", content: "fresh\n" }, s1);
      const s2 = stamp(2);
      await other.documents.compareAndSet({ id: "reborn", version: 1, live: true }, { content: "fresh\nsecond\n" }, s2, "update");
      const s3 = stamp(3);
      const third = await db.documents.compareAndSet({ id: "reborn", version: 2, live: true }, { content: "fresh\nsecond\nthird\n" }, s3, "update");
      expect(third.written).toBe(true);
      expect(await db.documents.findRevision("reborn", 3)).toMatchObject({ content: "fresh\nsecond\nthird\n", etag: s3.etag });
      expect(await db.documents.findRevision("reborn", 2)).toMatchObject({ content: "fresh\nsecond\n", etag: s2.etag });
    } finally {
      await other.close();
    }
  });

  it("reads through this instance's snapshot cache agree with a fresh instance's; a purge elsewhere leaves nothing to read", async () => {
    const other = createDatabase({ url: testDb.url });
    try {
      const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ünï\r\n`);
      const w = await writer("cached", "Cached", lines.join(""));
      for (let i = 0; i < 6; i++) {
        lines[i * 41] = `edited ${i}\n`;
        await w.change({ content: lines.join("") }, "update");
      }
      // Twice here (the second time every snapshot comes from the cache), once there (cold).
      await expectHistory(db, "cached", w.model);
      await expectHistory(db, "cached", w.model);
      await expectHistory(other, "cached", w.model);
      await other.documents.compareAndSet({ id: "cached", version: 7, live: true }, { deletedAt: new Date(clock) }, stamp(8), "delete");
      expect(await other.documents.purge("cached")).toBe(true);
      for (const version of [1, 4, 7]) expect(await db.documents.findRevision("cached", version)).toBeNull();
    } finally {
      await other.close();
    }
  });

  it("a snapshot larger than a fetch's part reads back exactly, cold, whether its chain ends on the planned snapshot or on a rewrite", async () => {
    // Hard to compress: each snapshot's data is several parts (PostgreSQL fetches them side by
    // side): version 1's runs past the leading parts a read asks for before it knows the length,
    // the rewrite's ends inside the second of them.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647);
    const line = () => `${Array.from({ length: 60 }, () => String.fromCharCode(33 + (random() % 94))).join("")}\n`;
    const lines = Array.from({ length: 8000 }, line);
    const w = await writer("parts", "Parts", lines.join(""));
    await w.change({ content: [...lines.slice(0, 10), "edit\n", ...lines.slice(11)].join("") }, "update");
    const rewrite = Array.from({ length: 2500 }, line);
    await w.change({ content: rewrite.join("") }, "update");
    rewrite[2000] = "edited ü\r\n";
    await w.change({ content: rewrite.join("") }, "update");
    rewrite.push("no final newline ✓");
    await w.change({ content: rewrite.join("") }, "update");
    const snapshots = await db.prisma.revisionContent.findMany({ where: { documentId: "parts", baseHash: null }, select: { data: true } });
    const covered = leadingParts().reduce((sum, [, count]) => sum + count, 0);
    expect(snapshots.map(({ data }) => data.length > covered).sort()).toEqual([false, true]);
    for (const { data } of snapshots) expect(data.length).toBeGreaterThan(leadingParts()[1]![0]);
    // Each read on an instance of its own: nothing cached, the planned snapshot (version 1's) is
    // the chain's for versions 1–2, and not for 3–5, which end on the rewrite's.
    for (const expected of w.model) {
      const cold = createDatabase({ url: testDb.url });
      try {
        expect(await cold.documents.findRevision("parts", expected.version), `version ${expected.version}`).toMatchObject(expected);
      } finally {
        await cold.close();
      }
    }
    // Then on one instance: snapshots held from earlier reads, each read guessing by the last
    // read of its planned version (version 1's), which ended on the rewrite's, then on its own.
    const warm = createDatabase({ url: testDb.url });
    try {
      for (const version of [5, 2, 4, 1, 3, 5, 2]) expect(await warm.documents.findRevision("parts", version), `version ${version}`).toMatchObject(w.model[version - 1]!);
    } finally {
      await warm.close();
    }
  });

  it.runIf(provider === "postgresql")("a read's statements are primary-key lookups (a chain's, one a step), whatever join the planner would rather make", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}\n`);
    const w = await writer("plan", "Plan", lines.join(""));
    for (let v = 2; v <= 60; v++) {
      lines[v % lines.length] = `line ${v % lines.length}, edit ${v}\n`;
      await w.change({ content: lines.join("") }, "update");
    }
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      await client.query(`VACUUM ANALYZE "RevisionContent"`);
      // A small analysed table once had the plain join planned as a hash join over a scan of the
      // whole table at every step (22.8 ms for 151 steps). Here the planner is pushed that way
      // for certain: only a step that cannot be anything but a lookup survives it.
      await client.query(`SET enable_nestloop = off`);
      await client.query(`SET enable_seqscan = off`);
      const snapshotHash = (await db.prisma.revisionContent.findFirstOrThrow({ where: { documentId: "plan", baseHash: null }, select: { hash: true } })).hash;
      for (const [name, { sql, args }] of Object.entries(READ_STATEMENTS)) {
        await client.query(`PREPARE ${name} AS ${sql}`);
        for (const mode of ["force_generic_plan", "force_custom_plan"]) {
          await client.query(`SET plan_cache_mode = ${mode}`);
          const literals = args.map((arg) => (typeof arg === "number" ? String(arg) : `'${arg === "hash" ? snapshotHash : arg}'`));
          const [row] = (await client.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) EXECUTE ${name}(${literals.join(", ")})`)).rows;
          const nodes = planNodes(row!["QUERY PLAN"]);
          expect(nodes.map((node) => node["Node Type"]), `${name}, ${mode}`).not.toContain("Hash Join");
          expect(nodes.map((node) => node["Node Type"]), `${name}, ${mode}`).not.toContain("Merge Join");
          // The chain's step: the base row looked up by the primary key, for each row of the chain.
          if (name === "chain" || name === "root") expect(nodes.some((node) => node["Index Name"] === "RevisionContent_pkey" && /hash = chain(_\d+)?\."baseHash"/.test(String(node["Index Cond"]))), `${name}, ${mode}: ${nodes.map((node) => node["Index Cond"]).join(" | ")}`).toBe(true);
          expect(nodes.filter((node) => node["Relation Name"] === "RevisionContent").every((node) => node["Node Type"] === "Index Scan"), `${name}, ${mode}`).toBe(true);
        }
      }
    } finally {
      await client.end();
    }
    await expectHistory(db, "plan", w.model);
  });

  it("corrupt stored content is reported by verify and never served", async () => {
    const w = await writer("bad", "Bad", "one\ntwo\nthree\n");
    await w.change({ content: "one\n2\nthree\n" }, "update");
    await w.change({ title: "still bad" }, "update");
    const snapshot = await db.prisma.revisionContent.findFirstOrThrow({ where: { documentId: "bad", baseHash: null } });
    await db.prisma.revisionContent.update({ where: { documentId_hash: { documentId: "bad", hash: snapshot.hash } }, data: { codec: "raw", data: Buffer.from("ONE\ntwo\nthree\n") } });
    // A later version first: its read takes the snapshot from the chain query unchecked and
    // checks what it rebuilds; the failure names the snapshot, and nothing corrupt stays cached.
    for (const version of [2, 3, 1, 2]) {
      const error = await db.documents.findRevision("bad", version).then(() => null, (caught: unknown) => caught);
      expect(error, `version ${version}`).toBeInstanceOf(RevisionCorruptError);
      expect((error as RevisionCorruptError).hash, `version ${version}`).toBe(snapshot.hash);
    }
    const problems: string[] = [];
    const report = await db.documents.verifyRevisions((p) => problems.push(p));
    expect(report.problems).toBeGreaterThanOrEqual(2);
    expect(problems.join("\n")).toMatch(/document bad version 1: .*checksum mismatch/);
    expect(problems.join("\n")).toMatch(/document bad version 2: .*built on corrupt content/);
    expect(problems.every((p) => p.includes("document bad "))).toBe(true);
  });
});
