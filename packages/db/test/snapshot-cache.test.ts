import { describe, expect, it } from "vitest";
import { decodeSnapshot, sha256Hex } from "../src/revision-content.ts";
import { SnapshotCache } from "../src/snapshot-cache.ts";

const snapshotOf = (text: string) => decodeSnapshot("d", { hash: sha256Hex(text), baseHash: null, codec: "raw", data: Buffer.from(text) });
/** Bytes a snapshot holds in the cache: its text and its line starts. */
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

  it("holds at most its bound, dropping the least recently used first", () => {
    const texts = ["a", "b", "c", "d", "e"].map((c) => c.repeat(90) + "\n");
    const [a, b, c, d, e] = texts.map(snapshotOf) as ReturnType<typeof snapshotOf>[];
    const size = sizeOf(texts[0]!);
    const cache = new SnapshotCache(4 * size + 3);
    for (const s of [a, b, c, d]) cache.set("doc", s!);
    expect(cache.get("doc", a!.hash)).toBe(a); // a is now the most recent: b goes first
    cache.set("doc", e!);
    expect(cache.get("doc", b!.hash)).toBeUndefined();
    for (const s of [a, c, d, e]) expect(cache.get("doc", s!.hash)).toBe(s);
    expect(cache.bytesHeld).toBe(4 * size);
  });

  it("does not keep a snapshot larger than a quarter of its bound, nor one twice", () => {
    const cache = new SnapshotCache(400);
    const big = snapshotOf("x".repeat(200));
    cache.set("d", big);
    expect(cache.get("d", big.hash)).toBeUndefined();
    const small = snapshotOf("y\n");
    cache.set("d", small);
    cache.set("d", snapshotOf("y\n"));
    expect(cache.bytesHeld).toBe(sizeOf("y\n"));
  });

  it("lists the hashes it holds per document, through sets, evictions and forgetting", () => {
    const cache = new SnapshotCache(4 * 100);
    const [s1, s2, s3] = ["x", "y", "z"].map((c) => snapshotOf(c.repeat(90) + "\n")) as [ReturnType<typeof snapshotOf>, ReturnType<typeof snapshotOf>, ReturnType<typeof snapshotOf>];
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
});
