import path from "node:path";
import { createHash } from "node:crypto";
import { migrate } from "@tandem/migrate";
import { createTestDatabase, pgAdminUrl, pgQuery, testProviders, type TestDatabase } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../src/index.ts";
import type { Stamp } from "../src/index.ts";

const OWNER = "u-owner";
const ALL = { after: null, limit: 1000 };
const ALL_REVISIONS = { ...ALL, newestFirst: false };
const MIGRATIONS = path.resolve(import.meta.dirname, "..", "..", "..", "prisma", "migrations");

function stamp(version: number, author: string | null = "ann", now = new Date()): Stamp {
  return { version, etag: `${version}.${Math.random().toString(36).slice(2)}`, now, author, authorId: author === null ? null : OWNER };
}

describe.each(testProviders())("documents repository on %s", (provider) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    await migrate({ url: testDb.url, migrationsRoot: MIGRATIONS });
    // A server whose time zone is not UTC must not shift timestamps written through raw SQL.
    if (provider === "postgresql") await pgQuery(pgAdminUrl(), `ALTER DATABASE "${testDb.name}" SET timezone TO 'Pacific/Chatham'`);
    db = createDatabase({ url: testDb.url });
    const at = new Date();
    await db.prisma.user.create({ data: { id: OWNER, name: "Owner", email: "owner@example.com", createdAt: at, updatedAt: at } });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("inserts a document with its first revision, and refuses a taken id", async () => {
    const s = { ...stamp(1, "ann", new Date("2026-01-02T03:04:05.678Z")), summary: "first draft" };
    const row = await db.documents.insert("ins", { title: "T", content: "line\r\nno final newline é" }, s);
    expect(row).toMatchObject({ id: "ins", version: 1, etag: s.etag, updatedBy: "ann", summary: "first draft", deletedAt: null });
    expect(await db.documents.findRow("ins")).toEqual(row);
    expect(await db.documents.insert("ins", { title: "other", content: "" }, stamp(1))).toBeNull();
    expect(await db.documents.listRevisions("ins", ALL_REVISIONS)).toEqual([
      { version: 1, title: "T", kind: "create", author: "ann", authorId: OWNER, summary: "first draft", createdAt: s.now, etag: s.etag },
    ]);
  });

  it("reads dates back exactly as the query builder wrote them", async () => {
    const now = new Date("2026-06-30T23:59:59.123Z");
    await db.prisma.document.create({ data: { id: "dates", title: "", content: "", version: 1, etag: "1.d", createdAt: now, updatedAt: now } });
    const empty = createHash("sha256").update("").digest("hex");
    await db.prisma.revisionContent.create({ data: { documentId: "dates", hash: empty, depth: 0, chainBytes: 0, size: 0, codec: "raw", data: new Uint8Array() } });
    await db.prisma.revision.create({ data: { documentId: "dates", version: 1, title: "", contentHash: empty, etag: "1.d", kind: "create", createdAt: now } });
    expect((await db.documents.findMeta("dates"))?.updatedAt.toISOString()).toBe(now.toISOString());
    const s = stamp(2, null, new Date("2027-01-01T00:00:00.001Z"));
    await db.documents.compareAndSet({ id: "dates", version: 1, live: true }, { title: "x" }, s, "update");
    const viaBuilder = await db.prisma.document.findUniqueOrThrow({ where: { id: "dates" } });
    expect(viaBuilder.updatedAt.toISOString()).toBe("2027-01-01T00:00:00.001Z");
  });

  it("compare-and-set writes the change and its revision (with the stamp's summary), and answers the written row", async () => {
    const first = (await db.documents.insert("cas", { title: "A", content: "one\n" }, stamp(1)))!;
    const s = { ...stamp(2, "bo"), summary: "fix dates" };
    const result = await db.documents.compareAndSet({ id: "cas", version: 1, etag: first.etag, live: true }, { content: "two\n" }, s, "update");
    expect(result).toEqual({ written: true, row: { ...first, content: "two\n", version: 2, etag: s.etag, updatedAt: s.now, updatedBy: "bo", summary: "fix dates" } });
    const revision = await db.documents.findRevision("cas", 2);
    expect(revision).toEqual({ documentId: "cas", version: 2, title: "A", content: "two\n", etag: s.etag, kind: "update", author: "bo", authorId: OWNER, summary: "fix dates", createdAt: s.now });
  });

  it("a summary describes one change: the next change without one has none (never carried over)", async () => {
    const first = (await db.documents.insert("summaries", { title: "A", content: "one\n" }, { ...stamp(1), summary: "start" }))!;
    await db.documents.compareAndSet({ id: "summaries", version: 1, etag: first.etag, live: true }, { content: "two\n" }, stamp(2), "update");
    const s3 = { ...stamp(3), summary: "gone" };
    await db.documents.compareAndSet({ id: "summaries", version: 2, live: true }, { deletedAt: s3.now }, s3, "delete");
    expect((await db.documents.findRow("summaries"))?.summary).toBe("gone");
    expect((await db.documents.listRevisions("summaries", ALL_REVISIONS)).map((r) => r.summary)).toEqual(["start", null, "gone"]);
  });

  it("a stale target changes nothing and answers the current row", async () => {
    const current = (await db.documents.findRow("cas"))!;
    for (const target of [
      { id: "cas", version: 1, live: true },
      { id: "cas", version: current.version, etag: "2.not-it", live: true },
      { id: "cas", version: current.version, live: false },
    ]) {
      const result = await db.documents.compareAndSet(target, { content: "lost\n" }, stamp(current.version + 1), "update");
      expect(result).toEqual({ written: false, current });
    }
    expect((await db.documents.listRevisions("cas", ALL_REVISIONS)).map((r) => r.version)).toEqual([1, 2]);
    expect(await db.documents.compareAndSet({ id: "nope", version: 1, live: true }, { title: "x" }, stamp(2), "update")).toEqual({ written: false, current: null });
  });

  it("deletes to a tombstone and re-creates over it", async () => {
    const live = (await db.documents.findRow("cas"))!;
    const del = stamp(live.version + 1, "cy");
    const deleted = await db.documents.compareAndSet({ id: "cas", version: live.version, live: true }, { deletedAt: del.now }, del, "delete");
    expect(deleted).toMatchObject({ written: true, row: { deletedAt: del.now, content: live.content, version: live.version + 1 } });
    const re = stamp(live.version + 2, "di");
    const recreated = await db.documents.compareAndSet({ id: "cas", version: live.version + 1, live: false }, { title: "B", content: "new\n", deletedAt: null, createdAt: re.now }, re, "recreate");
    expect(recreated).toMatchObject({ written: true, row: { title: "B", content: "new\n", deletedAt: null, createdAt: re.now, version: live.version + 2 } });
    expect((await db.documents.listRevisions("cas", ALL_REVISIONS)).map((r) => r.kind)).toEqual(["create", "update", "delete", "recreate"]);
    // Newest first, and a page of them before a version (the History panel's order).
    expect((await db.documents.listRevisions("cas", { ...ALL, newestFirst: true })).map((r) => r.kind)).toEqual(["recreate", "delete", "update", "create"]);
    expect((await db.documents.listRevisions("cas", { after: 3, limit: 1, newestFirst: true })).map((r) => r.version)).toEqual([2]);
    expect((await db.documents.listRevisions("cas", { after: 2, limit: 5, newestFirst: false })).map((r) => r.version)).toEqual([3, 4]);
    expect((await db.documents.listLive(OWNER, ALL)).map((d) => d.id)).toContain("cas");
    expect((await db.documents.listLive("someone-else", ALL)).map((d) => d.id)).not.toContain("cas");
  });

  it("lets exactly one of many concurrent compare-and-sets on one version win", async () => {
    const row = (await db.documents.insert("race", { title: "r", content: "" }, stamp(1)))!;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => db.documents.compareAndSet({ id: "race", version: 1, etag: row.etag, live: true }, { content: `w${i}` }, stamp(2, `w${i}`), "update")),
    );
    const winners = results.filter((r) => r.written);
    expect(winners).toHaveLength(1);
    const revisions = await db.documents.listRevisions("race", ALL_REVISIONS);
    expect(revisions.map((r) => r.version)).toEqual([1, 2]);
    expect(revisions[1]!.author).toBe(winners[0]!.written ? winners[0]!.row.updatedBy : "");
  });
});
