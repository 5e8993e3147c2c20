import { describe, expect, it } from "vitest";
import { decodeSnapshot, heldOf, sha256Hex, snapshotPlan, type HeldSnapshot } from "../src/revision-content.ts";
import { SnapshotCache } from "../src/snapshot-cache.ts";

/** A snapshot as a read keeps it: its stored row (raw here, so its size is plain) and its line starts. */
const snapshotOf = (text: string): HeldSnapshot => {
  const row = { hash: sha256Hex(text), baseHash: null, codec: "raw", data: Buffer.from(text) };
  return heldOf(row, decodeSnapshot("d", row));
};
/** Bytes a snapshot holds in the cache: its stored data and its line starts. */
const sizeOf = (text: string) => Buffer.byteLength(text) + 4 * (text.split("\n").length + (text.endsWith("\n") ? 0 : 1));

describe("SnapshotCache", () => {
  it("keeps a snapshot per document and hash", () => {
    const cache = new SnapshotCache(1024);
    const s = snapshotOf("one\ntwo\n");
    cache.set("a", s);
    expect(cache.get("a", s.hash)).toBe(s);
    expect(cache.get("b", s.hash)).toBeUndefined();
    expect(cache.bytesHeld).toBe(sizeOf("one\ntwo\n"));
  });

  it("holds a snapshot as stored: a deflated one costs its deflated bytes and its line starts, not its text", () => {
    const text = "a line of text that repeats\n".repeat(2000);
    const row = snapshotPlan(text);
    const held = heldOf({ hash: row.hash, baseHash: null, codec: row.codec, data: row.data }, decodeSnapshot("d", { hash: row.hash, baseHash: null, codec: row.codec, data: row.data }));
    const cache = new SnapshotCache();
    cache.set("d", held);
    expect(cache.bytesHeld).toBe(row.data.length + 4 * 2001);
    expect(cache.bytesHeld).toBeLessThan(text.length / 4);
    expect(held.row.size).toBe(text.length);
  });

  it("holds at most its bound, dropping the least recently used first", () => {
    const texts = ["a", "b", "c", "d", "e"].map((c) => c.repeat(90) + "\n");
    const [a, b, c, d, e] = texts.map(snapshotOf) as HeldSnapshot[];
    const size = sizeOf(texts[0]!);
    const cache = new SnapshotCache(4 * size + 3);
    for (const s of [a, b, c, d]) cache.set("doc", s!);
    expect(cache.get("doc", a!.hash)).toBe(a); // a is now the most recent: b goes first
    cache.set("doc", e!);
    expect(cache.get("doc", b!.hash)).toBeUndefined();
    for (const s of [a, c, d, e]) expect(cache.get("doc", s!.hash)).toBe(s);
    expect(cache.bytesHeld).toBe(4 * size);
  });

  it("does not keep a snapshot larger than a quarter of its bound, nor one twice; a second set records a check", () => {
    const cache = new SnapshotCache(400);
    const big = snapshotOf("x".repeat(200));
    cache.set("d", big);
    expect(cache.get("d", big.hash)).toBeUndefined();
    const small = { ...snapshotOf("y\n"), checked: false };
    cache.set("d", small);
    cache.set("d", snapshotOf("y\n"));
    expect(cache.bytesHeld).toBe(sizeOf("y\n"));
    expect(cache.get("d", small.hash)).toBe(small);
    expect(small.checked).toBe(true);
    cache.set("d", { ...snapshotOf("y\n"), checked: false });
    expect(small.checked).toBe(true);
  });

  it("lists the hashes it holds per document, through sets, evictions and forgetting", () => {
    const cache = new SnapshotCache(4 * 100);
    const [s1, s2, s3] = ["x", "y", "z"].map((c) => snapshotOf(c.repeat(90) + "\n")) as [HeldSnapshot, HeldSnapshot, HeldSnapshot];
    cache.set("a", s1);
    cache.set("a", s2);
    cache.set("b", s1);
    expect(cache.hashesOf("a").sort()).toEqual([s1.hash, s2.hash].sort());
    expect(cache.hashesOf("b")).toEqual([s1.hash]);
    // Room for four of these: a fifth evicts the least recently used (a's first).
    cache.set("b", s2);
    cache.set("b", s3);
    expect(cache.hashesOf("a")).toEqual([s2.hash]);
    cache.forgetDocument("b");
    expect(cache.hashesOf("b")).toEqual([]);
    expect(cache.hashesOf("a")).toEqual([s2.hash]);
    expect(cache.bytesHeld).toBe(sizeOf("y".repeat(90) + "\n"));
  });

  it("forgets every snapshot of a purged document, and only those", () => {
    const cache = new SnapshotCache(4096);
    const one = snapshotOf("1\n");
    const two = snapshotOf("2\n");
    cache.set("gone", one);
    cache.set("gone", two);
    cache.set("kept", one);
    cache.forgetDocument("gone");
    expect(cache.get("gone", one.hash)).toBeUndefined();
    expect(cache.get("gone", two.hash)).toBeUndefined();
    expect(cache.get("kept", one.hash)).toBe(one);
    expect(cache.bytesHeld).toBe(sizeOf("1\n"));
  });

  describe("decode: a held snapshot is inflated for each read until its second, then kept inflated", () => {
    const text = "a line of text that repeats\n".repeat(2000);
    const deflatedHeld = (): HeldSnapshot => {
      const plan = snapshotPlan(text);
      const row = { hash: plan.hash, baseHash: null, codec: plan.codec, data: plan.data };
      return heldOf(row, decodeSnapshot("d", row));
    };

    it("keeps its text from the second read on: counted in what it holds, served as it is, let go with it", async () => {
      const cache = new SnapshotCache();
      const held = deflatedHeld();
      cache.set("d", held);
      const stored = cache.bytesHeld;
      const first = await cache.decode("d", held);
      expect(cache.bytesHeld).toBe(stored);
      const second = await cache.decode("d", held);
      expect(cache.bytesHeld).toBe(stored + text.length);
      const third = await cache.decode("d", held);
      for (const decoded of [first, second, third]) expect(decoded.bytes.toString("utf8")).toBe(text);
      // Inflated twice, then the second's bytes are what later reads get, with the line starts held.
      expect(second.bytes).not.toBe(first.bytes);
      expect(third.bytes).toBe(second.bytes);
      expect(third.lineStarts).toBe(held.lineStarts);
      cache.forgetDocument("d");
      expect(cache.bytesHeld).toBe(0);
      // Held again, it starts over.
      cache.set("d", held);
      expect((await cache.decode("d", held)).bytes).not.toBe(second.bytes);
    });

    it("keeps nothing of a snapshot it let go of meanwhile, or whose text would pass a quarter of its bound", async () => {
      const bounded = new SnapshotCache(4 * text.length);
      const held = deflatedHeld();
      bounded.set("d", held);
      const stored = bounded.bytesHeld;
      for (let i = 0; i < 3; i++) await bounded.decode("d", held);
      expect(bounded.bytesHeld).toBe(stored);

      const cache = new SnapshotCache();
      cache.set("d", held);
      await cache.decode("d", held);
      const second = cache.decode("d", held);
      cache.forgetDocument("d");
      expect((await second).bytes.toString("utf8")).toBe(text);
      expect(cache.bytesHeld).toBe(0);
      // Not held at all: decoded all the same, never kept.
      expect((await cache.decode("d", held)).bytes.toString("utf8")).toBe(text);
      expect((await cache.decode("d", held)).bytes.toString("utf8")).toBe(text);
      expect(cache.bytesHeld).toBe(0);
    });

    it("a kept text counts towards the bound, and goes with its snapshot, least recently used first", async () => {
      const held = deflatedHeld();
      const stored = held.row.data.length + held.lineStarts.byteLength;
      const bound = 4 * (stored + text.length);
      // Four of these fit beside the stored snapshot, not beside it and its kept text.
      const length = Math.floor(0.75 * (stored + text.length) + text.length / 8) - 8;
      const others = ["p", "q", "r", "s"].map((c) => snapshotOf(c.repeat(length)));
      const cache = new SnapshotCache(bound);
      cache.set("d", held);
      await cache.decode("d", held);
      await cache.decode("d", held);
      expect(cache.bytesHeld).toBe(stored + text.length);
      for (const other of others) cache.set("e", other);
      expect(cache.get("d", held.hash)).toBeUndefined();
      expect(cache.bytesHeld).toBe(4 * sizeOf("p".repeat(length)));
    });
  });

  describe("plannedFor: the held snapshot a read of a planned version last ended on, else the document's last read", () => {
    const [s1, s2, s3] = ["x", "y", "z"].map((c) => snapshotOf(c.repeat(90) + "\n")) as [HeldSnapshot, HeldSnapshot, HeldSnapshot];

    it.each([
      { case: "nothing noted", notes: [], document: "a", planned: 200, expected: null },
      { case: "noted", notes: [["a", 200, s1]], document: "a", planned: 200, expected: s1 },
      { case: "another planned version: the document's last read's", notes: [["a", 200, s1]], document: "a", planned: 400, expected: s1 },
      { case: "another planned version: the last of several reads'", notes: [["a", 200, s1], ["a", 400, s2], ["a", 1, s1], ["a", 600, s2]], document: "a", planned: 800, expected: s2 },
      { case: "its own note before the document's last read", notes: [["a", 200, s1], ["a", 400, s2]], document: "a", planned: 200, expected: s1 },
      { case: "another document", notes: [["a", 200, s1]], document: "b", planned: 200, expected: null },
      { case: "the last note wins", notes: [["a", 200, s1], ["a", 200, s2]], document: "a", planned: 200, expected: s2 },
      { case: "a snapshot not held is not noted", notes: [["a", 200, s3]], document: "a", planned: 200, expected: null },
      { case: "a later note of one not held leaves the earlier", notes: [["a", 200, s1], ["a", 200, s3]], document: "a", planned: 200, expected: s1 },
    ] as const)("$case", ({ notes, document, planned, expected }) => {
      const cache = new SnapshotCache();
      cache.set("a", s1);
      cache.set("a", s2);
      for (const [id, version, snapshot] of notes) cache.notePlanned(id, version, snapshot.hash);
      expect(cache.plannedFor(document, planned) ?? null).toBe(expected);
    });

    /** Room for four snapshots of this size: s1 and s2 of document "a", noted as given. */
    const noted = (notes: [number, HeldSnapshot][]) => {
      const cache = new SnapshotCache(4 * 100);
      cache.set("a", s1);
      cache.set("a", s2);
      for (const [version, snapshot] of notes) cache.notePlanned("a", version, snapshot.hash);
      return cache;
    };
    /** Three more of this size: the least recently used of "a" goes. */
    const threeMore = (cache: SnapshotCache) => {
      for (const s of ["p", "q", "r"].map((c) => snapshotOf(c.repeat(90) + "\n"))) cache.set("b", s);
    };

    it("goes with its snapshot: evicted or forgotten, nothing is planned; a re-pointed note leaves the old snapshot's", () => {
      const cache = noted([[1, s1], [200, s1], [200, s2], [400, s2]]);
      // s1 is the least recently used: its note goes with it…
      threeMore(cache);
      expect(cache.get("a", s1.hash)).toBeUndefined();
      // …so version 1 falls back to the document's last read (s2)…
      expect(cache.plannedFor("a", 1)).toBe(s2);
      // …and the note re-pointed from it to s2 stays.
      expect(cache.plannedFor("a", 200)).toBe(s2);
      // Held again, it is not planned for anything until a read notes it.
      cache.set("a", s1);
      expect(cache.plannedFor("a", 1)).toBe(s2);
      cache.forgetDocument("a");
      expect(cache.plannedFor("a", 200)).toBeUndefined();
      expect(cache.plannedFor("a", 400)).toBeUndefined();
      expect(cache.plannedFor("a", 1)).toBeUndefined();
    });

    it("forgets the document's last read with its snapshot", () => {
      const cache = noted([[200, s1], [400, s2]]);
      // s1 is used again, so s2 is the least recently used: three more evict it.
      expect(cache.get("a", s1.hash)).toBe(s1);
      threeMore(cache);
      expect(cache.get("a", s2.hash)).toBeUndefined();
      expect(cache.plannedFor("a", 200)).toBe(s1);
      expect(cache.plannedFor("a", 600)).toBeUndefined();
    });
  });
});
