// The change feed as its consumers rely on it: a committed change is announced once, with the
// id of the revision that stored it; nothing is announced that did not commit; membership
// changes are announced. On PostgreSQL a second Database stands for a second instance: every
// announcement crosses LISTEN/NOTIFY, and a dropped LISTEN connection comes back with a gap.
import { createHash } from "node:crypto";
import path from "node:path";
import { migrate } from "@tandem/migrate";
import { createTestDatabase, startTcpProxy, testProviders, type TestDatabase } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database, type DocumentChange, type FeedMessage, type Stamp } from "../src/index.ts";

const OWNER = "u-owner";
const MEMBER = "u-member";
const MIGRATIONS = path.resolve(import.meta.dirname, "..", "..", "..", "prisma", "migrations");

let stamps = 0;
function stamp(version: number, author = "ann", now = new Date()): Stamp {
  return { version, etag: `${version}.${(stamps++).toString(36)}`, now, author, authorId: OWNER };
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What one instance heard. */
class Ear {
  readonly heard: FeedMessage[] = [];
  constructor(
    readonly name: string,
    db: Database,
  ) {
    db.feed.subscribe((m) => this.heard.push(m));
  }
  gaps = () => this.heard.filter((m) => m.type === "gap").length;
}

let markers = 0;

/**
 * Publishes a marker on the feed and waits until every ear has heard it: announcements arrive
 * in commit order, so whatever committed before it has arrived too. Returns its index per ear.
 */
async function settle(db: Database, ears: Ear[]): Promise<number[]> {
  const marker = `marker-${markers++}`;
  await db.feed.publishPresence({ marker });
  const isMarker = (m: FeedMessage) => m.type === "presence" && (m.payload as { marker?: string } | null)?.marker === marker;
  await Promise.all(ears.map((ear) => until(() => ear.heard.some(isMarker), `${marker} on ${ear.name}`)));
  return ears.map((ear) => ear.heard.findIndex(isMarker));
}

/** What each ear heard of what `work` announced (between two markers; gaps left out). */
async function heardDuring(db: Database, ears: Ear[], work: () => Promise<unknown>): Promise<FeedMessage[][]> {
  const starts = await settle(db, ears);
  await work();
  const ends = await settle(db, ears);
  return ears.map((ear, i) => ear.heard.slice(starts[i]! + 1, ends[i]).filter((m) => m.type !== "gap"));
}

describe.each(testProviders())("change feed on %s", (provider) => {
  let testDb: TestDatabase;
  let db: Database;
  let other: Database | undefined;
  let ears: Ear[];

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    await migrate({ url: testDb.url, migrationsRoot: MIGRATIONS });
    db = createDatabase({ url: testDb.url });
    const at = new Date();
    for (const [id, name] of [
      [OWNER, "Owner"],
      [MEMBER, "Member"],
    ]) {
      await db.prisma.user.create({ data: { id: id!, name: name!, email: `${id}@example.com`, createdAt: at, updatedAt: at } });
    }
    ears = [new Ear("this instance", db)];
    if (provider === "postgresql") {
      other = createDatabase({ url: testDb.url });
      ears.push(new Ear("another instance", other));
      // LISTEN taking effect is announced as a gap: what committed before it may have been missed.
      await until(() => ears.every((e) => e.gaps() >= 1), "the first gap (LISTEN in effect)");
    }
  });
  afterAll(async () => {
    await other?.close();
    await db?.close();
    await testDb?.drop();
  });

  const revisionIdsOf = async (documentId: string) =>
    (await db.prisma.revision.findMany({ where: { documentId }, orderBy: { id: "asc" }, select: { id: true } })).map((r) => r.id);

  it("a committed change is announced once, with its revision id, kind, author, summary and time (create, update, delete, recreate)", async () => {
    const s1 = stamp(1, "ann", new Date("2026-03-04T05:06:07.089Z"));
    const s2 = { ...stamp(2, "bo"), summary: "fix dates" };
    const s3 = stamp(3);
    const s4 = stamp(4);
    const heard = await heardDuring(db, ears, async () => {
      await db.documents.insert("announced", { title: "T", content: "one\n" }, s1);
      await db.documents.compareAndSet({ id: "announced", version: 1, etag: s1.etag, live: true }, { content: "two\n" }, s2, "update");
      await db.documents.compareAndSet({ id: "announced", version: 2, live: true }, { deletedAt: s3.now }, s3, "delete");
      await db.documents.compareAndSet({ id: "announced", version: 3, live: false }, { deletedAt: null, title: "again", content: "" }, s4, "recreate");
    });
    const ids = await revisionIdsOf("announced");
    expect(ids).toHaveLength(4);
    const expected: DocumentChange[] = [
      { revisionId: ids[0]!, documentId: "announced", version: 1, etag: s1.etag, kind: "create", updatedBy: "ann", updatedById: OWNER, summary: null, updatedAt: s1.now },
      { revisionId: ids[1]!, documentId: "announced", version: 2, etag: s2.etag, kind: "update", updatedBy: "bo", updatedById: OWNER, summary: "fix dates", updatedAt: s2.now },
      { revisionId: ids[2]!, documentId: "announced", version: 3, etag: s3.etag, kind: "delete", updatedBy: "ann", updatedById: OWNER, summary: null, updatedAt: s3.now },
      { revisionId: ids[3]!, documentId: "announced", version: 4, etag: s4.etag, kind: "recreate", updatedBy: "ann", updatedById: OWNER, summary: null, updatedAt: s4.now },
    ];
    for (const [i, messages] of heard.entries()) expect(messages, ears[i]!.name).toEqual(expected.map((change) => ({ type: "document", change })));
    // What the feed announced is what replay reads back.
    expect(await db.documents.changesAfter("announced", 0, 10)).toEqual(expected);
    expect(await db.documents.lastChangeOf("announced")).toEqual(expected[3]);
  });

  it("a compare-and-set that loses (stale version, stale ETag, wrong liveness) or an id taken announces nothing", async () => {
    const s1 = stamp(1);
    await db.documents.insert("loses", { title: "T", content: "" }, s1);
    const heard = await heardDuring(db, ears, async () => {
      expect((await db.documents.compareAndSet({ id: "loses", version: 7, live: true }, { content: "x" }, stamp(8), "update")).written).toBe(false);
      expect((await db.documents.compareAndSet({ id: "loses", version: 1, etag: "1.other", live: true }, { content: "x" }, stamp(2), "update")).written).toBe(false);
      expect((await db.documents.compareAndSet({ id: "loses", version: 1, live: false }, { content: "x" }, stamp(2), "recreate")).written).toBe(false);
      expect((await db.documents.compareAndSet({ id: "never-was", version: 1, live: true }, { content: "x" }, stamp(2), "update")).written).toBe(false);
      expect(await db.documents.insert("loses", { title: "taken", content: "" }, stamp(1))).toBeNull();
    });
    for (const [i, messages] of heard.entries()) expect(messages, ears[i]!.name).toEqual([]);
    expect(await revisionIdsOf("loses")).toHaveLength(1);
  });

  it("a write whose transaction rolls back (its revision collides) announces nothing and changes nothing", async () => {
    const s1 = stamp(1);
    const first = (await db.documents.insert("rolls-back", { title: "T", content: "one\n" }, s1))!;
    // A revision 2 already there: the compare-and-set's own revision insert fails, after its update.
    await db.prisma.revision.create({
      data: { documentId: "rolls-back", version: 2, title: "T", contentHash: createHash("sha256").update("one\n").digest("hex"), etag: "2.squat", kind: "update", author: null, authorId: null, createdAt: new Date() },
    });
    const heard = await heardDuring(db, ears, async () => {
      await expect(db.documents.compareAndSet({ id: "rolls-back", version: 1, etag: s1.etag, live: true }, { content: "two\n" }, stamp(2), "update")).rejects.toThrow();
    });
    for (const [i, messages] of heard.entries()) expect(messages, ears[i]!.name).toEqual([]);
    expect(await db.documents.findRow("rolls-back")).toEqual(first);
  });

  it("membership changes are announced: added, role changed, removed (role null); removing a non-member announces nothing", async () => {
    await db.documents.insert("shared", { title: "T", content: "" }, stamp(1));
    const now = new Date();
    const heard = await heardDuring(db, ears, async () => {
      await db.members.upsert("shared", MEMBER, "editor", now);
      await db.members.upsert("shared", MEMBER, "viewer", now);
      expect(await db.members.remove("shared", MEMBER)).toBe("viewer");
      expect(await db.members.remove("shared", MEMBER)).toBeNull();
    });
    for (const [i, messages] of heard.entries()) {
      expect(messages, ears[i]!.name).toEqual([
        { type: "membership", change: { documentId: "shared", userId: MEMBER, role: "editor" } },
        { type: "membership", change: { documentId: "shared", userId: MEMBER, role: "viewer" } },
        { type: "membership", change: { documentId: "shared", userId: MEMBER, role: null } },
      ]);
    }
  });

  it("a membership write that fails announces nothing", async () => {
    const heard = await heardDuring(db, ears, async () => {
      await expect(db.members.upsert("no-such-document", MEMBER, "editor", new Date())).rejects.toThrow();
    });
    for (const [i, messages] of heard.entries()) expect(messages, ears[i]!.name).toEqual([]);
  });

  it("replay reads a member's documents only, after a revision id, oldest first, up to a limit", async () => {
    const before = await db.documents.lastRevisionId();
    await db.documents.insert("mine", { title: "T", content: "" }, stamp(1));
    await db.documents.insert("not-mine", { title: "T", content: "" }, stamp(1));
    await db.members.upsert("mine", MEMBER, "viewer", new Date());
    await db.documents.compareAndSet({ id: "mine", version: 1, live: true }, { content: "x" }, stamp(2), "update");
    await db.documents.compareAndSet({ id: "not-mine", version: 1, live: true }, { content: "x" }, stamp(2), "update");
    const forMember = await db.documents.changesForMemberAfter(MEMBER, before, 10);
    expect(forMember.map((c) => [c.documentId, c.version])).toEqual([
      ["mine", 1],
      ["mine", 2],
    ]);
    expect((await db.documents.changesForMemberAfter(MEMBER, before, 1)).map((c) => c.version)).toEqual([1]);
    expect(await db.documents.changesForMemberAfter(MEMBER, forMember[1]!.revisionId, 10)).toEqual([]);
    expect(await db.documents.lastRevisionId()).toBe(Math.max(...(await revisionIdsOf("not-mine"))));
  });

  it.runIf(provider === "postgresql")("presence reports reach every instance, the sender included", async () => {
    const report = { kind: "report", instance: "test", tabs: [] };
    await other!.feed.publishPresence(report);
    for (const ear of ears) await until(() => ear.heard.some((m) => m.type === "presence" && JSON.stringify(m.payload) === JSON.stringify(report)), `the report on ${ear.name}`);
  });

  it.runIf(provider === "postgresql")("a dropped LISTEN connection reconnects with backoff and announces a gap; reconnects() counts it", async () => {
    const target = new URL(testDb.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const behind = createDatabase({ url: proxy.via(testDb.url) });
    try {
      const ear = new Ear("behind the proxy", behind);
      await until(() => ear.gaps() === 1, "the first gap");
      expect(behind.feed.reconnects()).toBe(0);

      proxy.cut();
      await db.documents.insert("while-cut", { title: "T", content: "" }, stamp(1));
      await new Promise((r) => setTimeout(r, 300));
      proxy.restore();
      await until(() => ear.gaps() === 2, "the gap after the reconnection");
      expect(behind.feed.reconnects()).toBe(1);
      // The change made during the cut was not heard: consumers re-read on the gap (replay).
      expect(ear.heard.some((m) => m.type === "document" && m.change.documentId === "while-cut")).toBe(false);
      // And the feed hears again.
      await db.documents.insert("after-cut", { title: "T", content: "" }, stamp(1));
      await until(() => ear.heard.some((m) => m.type === "document" && m.change.documentId === "after-cut"), "a change after the reconnection");
    } finally {
      await behind.close();
      await proxy.close();
    }
  });
});
