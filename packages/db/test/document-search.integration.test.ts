import path from "node:path";
import { migrate } from "@tandem/migrate";
import { createTestDatabase, testProviders, type TestDatabase } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database, type Stamp } from "../src/index.ts";

const ANN = "u-ann";
const BO = "u-bo";
const MIGRATIONS = path.resolve(import.meta.dirname, "..", "..", "..", "prisma", "migrations");

function stamp(version: number, authorId: string, now = new Date()): Stamp {
  return { version, etag: `${version}.${Math.random().toString(36).slice(2)}`, now, author: authorId, authorId };
}

describe.each(testProviders())("full-text search index on %s", (provider) => {
  let testDb: TestDatabase;
  let db: Database;
  const search = (userId: string, terms: string[], limit = 50) => db.documents.search(userId, { terms, after: null, limit });

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    await migrate({ url: testDb.url, migrationsRoot: MIGRATIONS });
    db = createDatabase({ url: testDb.url });
    const at = new Date();
    for (const id of [ANN, BO]) await db.prisma.user.create({ data: { id, name: id, email: `${id}@example.com`, createdAt: at, updatedAt: at } });
    await db.documents.insert("title-hit", { title: "Quarterly walrus report", content: "numbers and tables" }, stamp(1, ANN));
    await db.documents.insert("body-hit", { title: "Notes", content: "we saw one walrus near the shore, 1 < 2 & \"quoted\"" }, stamp(1, ANN));
    await db.documents.insert("bo-secret", { title: "walrus secret", content: "walrus walrus walrus" }, stamp(1, BO));
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("ranks a title match above a body match, and finds only the caller's documents", async () => {
    expect((await search(ANN, ["walrus"])).map((h) => h.id)).toEqual(["title-hit", "body-hit"]);
    expect((await search(BO, ["walrus"])).map((h) => h.id)).toEqual(["bo-secret"]);
  });

  it("scores and orders from the caller's documents alone: others' documents change nothing", async () => {
    await db.documents.insert("rare-a", { title: "Aardvark", content: "aardvark aardvark zebu" }, stamp(1, ANN));
    await db.documents.insert("rare-b", { title: "Zebu", content: "zebu zebu aardvark" }, stamp(1, ANN));
    const before = await search(ANN, ["aardvark", "zebu"]);
    for (let i = 0; i < 30; i++) await db.documents.insert(`bo-zebu-${i}`, { title: "zebu", content: "zebu ".repeat(i + 1) }, stamp(1, BO));
    const after = await search(ANN, ["aardvark", "zebu"]);
    expect(after.map((h) => [h.id, h.score])).toEqual(before.map((h) => [h.id, h.score]));
  });

  it("highlights the matched word in a plain-text snippet of the content", async () => {
    const [hit] = await search(ANN, ["shore"]);
    expect(hit!.id).toBe("body-hit");
    const { text, highlights } = hit!.snippet;
    // Plain text, never escaped or marked up: the client escapes it and marks the ranges.
    expect(text).toMatch(/shore,? 1 < 2 & "quoted"/);
    expect(highlights.map(([s, e]) => text.slice(s, e))).toEqual(["shore"]);
  });

  it("matches prefixes, every word required, and follows edits and deletions", async () => {
    expect((await search(ANN, ["wal", "sho"])).map((h) => h.id)).toEqual(["body-hit"]);
    const row = (await db.documents.findRow("body-hit"))!;
    await db.documents.compareAndSet({ id: "body-hit", version: 1, live: true }, { content: "an otter now" }, stamp(2, ANN), "update");
    expect((await search(ANN, ["walrus"])).map((h) => h.id)).toEqual(["title-hit"]);
    expect((await search(ANN, ["otter"])).map((h) => h.id)).toEqual(["body-hit"]);
    await db.documents.compareAndSet({ id: "body-hit", version: 2, live: true }, { deletedAt: row.updatedAt }, stamp(3, ANN), "delete");
    expect(await search(ANN, ["otter"])).toEqual([]);
  });

  it("pages by (score, id) without repeating or skipping a row", async () => {
    for (let i = 0; i < 7; i++) await db.documents.insert(`page-${i}`, { title: `pager ${i}`, content: i % 2 ? "pager pager" : "x" }, stamp(1, ANN));
    const all = (await search(ANN, ["pager"])).map((h) => h.id);
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let after: { score: number; id: string } | null = null;
    for (let n = 0; n < 10; n++) {
      const page = await db.documents.search(ANN, { terms: ["pager"], after, limit: 3 });
      seen.push(...page.map((h) => h.id));
      if (page.length < 3) break;
      after = { score: page.at(-1)!.score, id: page.at(-1)!.id };
    }
    expect(seen).toEqual(all);
  });
});
