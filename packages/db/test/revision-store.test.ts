import { describe, expect, it } from "vitest";
import type { HotPath, StoredRevisionRow } from "../src/hot-path.ts";
import { planContent, RevisionCorruptError, sha256Hex, type ChainRow } from "../src/revision-content.ts";
import { readRevision } from "../src/revision-store.ts";
import { SnapshotCache } from "../src/snapshot-cache.ts";

// readRevision asks for a version's row and its content's chain at once. On PostgreSQL the two
// run on two connections, so a version committed between them is seen by one and not the
// other: these pin down what the runner does then, with the store held in memory.

const texts = ["first\nsecond\n", "first\nsecond, edited\n", "first\nsecond, edited\nthird\n"];

/** One document's history as the database holds it, and how the chain query sees it. */
function history() {
  const rows = new Map<string, ChainRow>();
  const revisions = new Map<number, StoredRevisionRow>();
  texts.forEach((content, i) => {
    const plan = planContent(content, i + 1, i === 0 ? null : { content: texts[i - 1]!, hash: sha256Hex(texts[i - 1]!) });
    if (plan) rows.set(plan.hash, { hash: plan.hash, baseHash: plan.baseHash, codec: plan.codec, data: plan.data, ...(plan.baseHash === null ? { size: plan.size } : {}) });
    revisions.set(i + 1, { documentId: "d", version: i + 1, title: "T", contentHash: sha256Hex(content), etag: `${i + 1}.e`, kind: "update", author: null, authorId: null, createdAt: new Date(0), summary: null });
  });
  const chainOf = (version: number): ChainRow[] => {
    const chain: ChainRow[] = [];
    for (let at: string | null = revisions.get(version)?.contentHash ?? null; at !== null && rows.has(at); at = rows.get(at)!.baseHash) chain.push(rows.get(at)!);
    return chain;
  };
  return { rows, revisions, chainOf };
}

/** A hot path whose chain query answers, in turn, as each entry of `answers` says. */
function hotPath(answers: ("committed" | "not yet" | "purged")[]) {
  const { revisions, chainOf } = history();
  const calls = { chain: 0 };
  const path: Pick<HotPath, "findRevision" | "readChain" | "readSnapshotData"> = {
    findRevision: async (_id, version) => revisions.get(version) ?? null,
    readChain: async (_id, version) => {
      const answer = answers[calls.chain++] ?? "committed";
      return answer === "committed" ? chainOf(version) : [];
    },
    readSnapshotData: async () => null,
  };
  return { path, calls };
}

describe("readRevision (the revision's row and its chain, side by side)", () => {
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
