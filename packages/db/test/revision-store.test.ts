import { describe, expect, it } from "vitest";
import type { HotPath, StoredRevisionRow } from "../src/hot-path.ts";
import { isChainHead, planContent, plannedSnapshotVersion, RevisionCorruptError, rootTextOf, sha256Hex, SNAPSHOT_EVERY, type ChainRow } from "../src/revision-content.ts";
import { readRevision } from "../src/revision-store.ts";
import { SnapshotCache } from "../src/snapshot-cache.ts";

// readRevision asks for a version's row and its content's chain at once. On PostgreSQL the two
// run on two connections, so a version committed between them is seen by one and not the
// other: these pin down what the runner does then, with the store held in memory.

const body = Array.from({ length: 30 }, (_, i) => `line ${i}\n`).join("");
/** Versions 1–3: a snapshot, then two deltas on it. */
const texts = [body, `${body}more\n`, `${body.replace("line 5\n", "line 5, edited\r\n")}more\n`];

/** Versions 1–5: a snapshot, a delta, a rewrite (a snapshot mid-chain), then two deltas on it. */
const rewritten = Array.from({ length: 30 }, (_, i) => `row ${i}\n`).join("");
const withRewrite = [body, `${body}more\n`, rewritten, `${rewritten}more\n`, `x\n${rewritten}more\n`];

/** Versions 1, SNAPSHOT_EVERY, 2 × SNAPSHOT_EVERY…: chain heads, each a small edit, so each a delta on version 1 (their root). */
const filler = Array.from({ length: 60 }, (_, i) => `filler ${i}\n`).join("");
const heads = [filler, filler.replace("filler 3\n", "three\n"), filler.replace("filler 30\n", "thirty\n"), `${filler}end\n`];
const versionOfHead = (i: number) => (i === 0 ? 1 : i * SNAPSHOT_EVERY);

/** One document's history as the database holds it (texts[i] is version `versionOf(i)`), and how the chain query sees it. */
function history(texts: readonly string[], versionOf = (i: number) => i + 1) {
  const rows = new Map<string, ChainRow>();
  const revisions = new Map<number, StoredRevisionRow>();
  const chainOfHash = (hash: string | null): ChainRow[] => {
    const chain: ChainRow[] = [];
    for (let at = hash; at !== null && rows.has(at); at = rows.get(at)!.baseHash) chain.push(rows.get(at)!);
    return chain;
  };
  texts.forEach((content, i) => {
    const version = versionOf(i);
    const base = i === 0 ? null : { content: texts[i - 1]!, hash: sha256Hex(texts[i - 1]!) };
    const root = base && isChainHead(version) ? rootTextOf("d", chainOfHash(base.hash).at(-1)) : null;
    const plan = planContent(content, version, base, root);
    if (plan) rows.set(plan.hash, { hash: plan.hash, baseHash: plan.baseHash, codec: plan.codec, data: plan.data, ...(plan.baseHash === null ? { size: plan.size } : {}) });
    revisions.set(version, { documentId: "d", version, title: "T", contentHash: sha256Hex(content), etag: `${version}.e`, kind: "update", author: null, authorId: null, createdAt: new Date(0), summary: null });
  });
  const chainOf = (version: number) => chainOfHash(revisions.get(version)?.contentHash ?? null);
  return { rows, revisions, chainOf };
}

/**
 * A hot path whose chain query answers, in turn, as each entry of `answers` says. Side by side
 * (PostgreSQL's), the chain leaves the snapshot's data out and readSnapshotAt brings it.
 */
function hotPath(answers: ("committed" | "not yet" | "purged")[], { sideBySide = false, texts: written = texts, versionOf = (i: number) => i + 1 } = {}) {
  const { rows, revisions, chainOf } = history(written, versionOf);
  const calls = { chain: 0, snapshotAt: 0, snapshotData: 0 };
  const path: Pick<HotPath, "findRevision" | "readChain" | "readSnapshotData" | "readSnapshotAt"> = {
    findRevision: async (_id, version) => revisions.get(version) ?? null,
    readChain: async (_id, version) => {
      const answer = answers[calls.chain++] ?? "committed";
      if (answer !== "committed") return [];
      return chainOf(version).map((row) => (sideBySide && row.baseHash === null ? { ...row, data: null } : row));
    },
    readSnapshotData: async (_id, hash) => {
      calls.snapshotData++;
      const row = rows.get(hash);
      return row?.data ? { data: row.data, size: row.size ?? -1 } : null;
    },
    ...(sideBySide
      ? {
          // As PostgreSQL's: the content of the planned version, or its base, if that is a snapshot.
          readSnapshotAt: async (_id: string, version: number, held: readonly string[]) => {
            calls.snapshotAt++;
            const head = rows.get(revisions.get(plannedSnapshotVersion(version))?.contentHash ?? "");
            const planned = head?.baseHash ? rows.get(head.baseHash) : head;
            return planned && planned.baseHash === null && !held.includes(planned.hash) ? planned : null;
          },
        }
      : {}),
  };
  return { path, calls };
}

/** The hot path whose chain query is told of the held snapshots, after which the cache lets them go. */
const forgettingOnChain = (path: ReturnType<typeof hotPath>["path"], cache: SnapshotCache) => ({
  ...path,
  readChain: async (id: string, version: number, held: readonly string[]) => (cache.forgetDocument(id), path.readChain(id, version, held)),
});

describe("readRevision (the revision's row and its chain, side by side)", () => {
  it.each([false, true])("every version reads back exactly, on the snapshot it fetched once (snapshot side by side: %s)", async (sideBySide) => {
    const { path, calls } = hotPath([], { sideBySide });
    const cache = new SnapshotCache();
    for (const version of [3, 2, 1, 3]) expect((await readRevision(path, cache, "d", version))?.content).toBe(texts[version - 1]);
    // The chain's snapshot came once (with the chain, or by readSnapshotAt), then from the cache.
    expect(calls.snapshotData).toBe(0);
    expect(calls.snapshotAt).toBe(sideBySide ? 4 : 0);
    expect(cache.hashesOf("d")).toEqual([sha256Hex(texts[0]!)]);
  });

  it("a chain that ends above its planned snapshot (a rewrite) reads back on its own snapshot, fetched by its hash", async () => {
    const { path, calls } = hotPath([], { sideBySide: true, texts: withRewrite });
    const cache = new SnapshotCache();
    expect((await readRevision(path, cache, "d", 5))?.content).toBe(withRewrite[4]);
    // The planned one (version 1's) came alongside and was of no use here; the chain's came after it.
    expect(calls.snapshotData).toBe(1);
    // Both are snapshots of the document: both are kept.
    expect(cache.hashesOf("d").sort()).toEqual([sha256Hex(withRewrite[0]!), sha256Hex(withRewrite[2]!)].sort());
    for (const version of [1, 2, 3, 4]) expect((await readRevision(path, cache, "d", version))?.content).toBe(withRewrite[version - 1]);
    expect(calls.snapshotData).toBe(1);
  });

  it("a snapshot the cache dropped between the query and the rebuild is fetched by its hash", async () => {
    const { path, calls } = hotPath([], { sideBySide: true });
    const first = new SnapshotCache();
    await readRevision(path, first, "d", 2);
    // Held, but no read of this cache ended on it yet: nothing is inflated ahead.
    const cache = new SnapshotCache();
    cache.set("d", first.get("d", sha256Hex(texts[0]!))!);
    const forgetful = forgettingOnChain(path, cache);
    expect((await readRevision(forgetful, cache, "d", 3))?.content).toBe(texts[2]);
    expect(calls.snapshotData).toBe(1);
  });

  it("a held snapshot a read of the same planned version ended on is inflated ahead, and serves though the cache drops it meanwhile", async () => {
    const { path, calls } = hotPath([], { sideBySide: true });
    const cache = new SnapshotCache();
    await readRevision(path, cache, "d", 2);
    expect(cache.plannedFor("d", 1)?.hash).toBe(sha256Hex(texts[0]!));
    const forgetful = forgettingOnChain(path, cache);
    expect((await readRevision(forgetful, cache, "d", 3))?.content).toBe(texts[2]);
    expect(calls.snapshotData).toBe(0);
    expect(calls.snapshotAt).toBe(2);
  });

  it.each([
    { case: "both queries see the version", answers: ["committed"] as const, chainQueries: 1 },
    { case: "the chain's query ran just before the commit: it is asked again", answers: ["not yet", "committed"] as const, chainQueries: 2 },
  ])("$case", async ({ answers, chainQueries }) => {
    for (const version of [1, 2, 3]) {
      const { path, calls } = hotPath([...answers]);
      const read = await readRevision(path, new SnapshotCache(), "d", version);
      expect(read?.content).toBe(texts[version - 1]);
      expect(read?.revision.version).toBe(version);
      expect(calls.chain).toBe(chainQueries);
    }
  });

  it("chains whose heads are deltas on one root: the root comes once, alongside the first read, and is inflated ahead for the first read of every other chain", async () => {
    const { path, calls, rows } = { ...hotPath([], { sideBySide: true, texts: heads, versionOf: versionOfHead }), rows: history(heads, versionOfHead).rows };
    // The heads are stored as deltas on version 1's content, the root.
    expect([...rows.values()].filter((row) => row.baseHash === null).map((row) => row.hash)).toEqual([sha256Hex(filler)]);
    const cache = new SnapshotCache();
    expect((await readRevision(path, cache, "d", 3 * SNAPSHOT_EVERY))?.content).toBe(heads[3]);
    expect(calls.snapshotAt).toBe(1);
    // No read of planned version SNAPSHOT_EVERY yet: the document's last read's snapshot is
    // inflated ahead. The cache lets go of it as the chain is asked for, so only that serves.
    const forgetful = forgettingOnChain(path, cache);
    for (const i of [1, 2, 0]) expect((await readRevision(forgetful, cache, "d", versionOfHead(i)))?.content).toBe(heads[i]);
    expect(calls.snapshotData).toBe(0);
  });

  it("no such version: null, and no second chain query", async () => {
    const { path, calls } = hotPath(["not yet"]);
    expect(await readRevision(path, new SnapshotCache(), "d", 9)).toBeNull();
    expect(calls.chain).toBe(1);
  });

  it("a row whose content is missing on the second look too is corrupt, never an empty text", async () => {
    const { path, calls } = hotPath(["not yet", "purged"]);
    await expect(readRevision(path, new SnapshotCache(), "d", 2)).rejects.toBeInstanceOf(RevisionCorruptError);
    expect(calls.chain).toBe(2);
  });
});
