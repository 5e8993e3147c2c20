// Reading revision content back: the revision's row and its content's chain, down to its
// snapshot, are asked for at once (the driver's prepared statements, like the other per-request
// reads); the snapshot's data is left out when the snapshot cache holds it decoded.
// Then revision-content.ts rebuilds the content and checks its SHA-256. `revisions verify`
// walks every chain of every document, past any cache.
import type { PrismaDb } from "./database.ts";
import type { HotPath, StoredRevisionRow } from "./hot-path.ts";
import {
  applyRow,
  checkTable,
  decodeSnapshot,
  decodeSnapshotAsync,
  heldOf,
  LineTable,
  plannedSnapshotVersion,
  READ_DEPTH_LIMIT,
  reconstruct,
  RevisionCorruptError,
  type ChainRow,
  type DecodedSnapshot,
} from "./revision-content.ts";
import type { SnapshotCache } from "./snapshot-cache.ts";

export { RevisionCorruptError } from "./revision-content.ts";

/**
 * One version of a document's history, with its exact content (null if there is no such
 * version). Its row and its content's chain are asked for at once, and, where the database
 * answers side by side, the chain's snapshot too, inflated as it comes: one wait, not three. A
 * snapshot held from an earlier read is inflated while the queries run.
 */
export async function readRevision(
  hotPath: Pick<HotPath, "findRevision" | "readChain" | "readSnapshotData" | "readSnapshotAt">,
  snapshots: SnapshotCache,
  documentId: string,
  version: number,
): Promise<{ revision: StoredRevisionRow; content: string } | null> {
  const held = snapshots.hashesOf(documentId);
  const planned = plannedSnapshotVersion(version);
  const likely = snapshots.plannedFor(documentId, planned);
  const guess = likely ? { hash: likely.hash, decoded: snapshots.decode(documentId, likely) } : null;
  // Awaited only if the chain ends there; never an unhandled rejection if it does not.
  guess?.decoded.catch(() => undefined);
  const [revision, chain, early] = await Promise.all([
    hotPath.findRevision(documentId, version),
    hotPath.readChain(documentId, version, held),
    // Asked for even with a guess underway, when it mostly finds the planned snapshot held and
    // answers nothing: sent only by first reads, it left most connections unprepared for it,
    // and first reads measured slower (README, "Benchmark: revision storage", fifth pass).
    hotPath.readSnapshotAt?.(documentId, version, held).then(async (row) => row && { row, decoded: await decodeSnapshotAsync(documentId, row) }),
  ]);
  if (!revision) return null;
  // Side by side, the chain's query may have run just before the version was committed and the
  // row's just after: then the chain is asked for again, now that it is there.
  const rows = chain[0]?.hash === revision.contentHash ? chain : await hotPath.readChain(documentId, version, snapshots.hashesOf(documentId));
  const content = await contentOf(hotPath, snapshots, documentId, revision.contentHash, rows, { early: early ?? null, guess });
  const bottom = rows.at(-1)!;
  if (bottom.baseHash === null) snapshots.notePlanned(documentId, planned, bottom.hash);
  return { revision, content };
}

interface Underway {
  /** The planned snapshot, fetched alongside the chain (readSnapshotAt) and inflated as it came. */
  early: { row: ChainRow; decoded: DecodedSnapshot } | null;
  /** A held snapshot the read began to inflate before it knew its chain's. */
  guess: { hash: string; decoded: Promise<DecodedSnapshot> } | null;
}

/**
 * The exact content `hash` names, from its fetched `chain` (reconstruct checks that it starts
 * there), on the snapshot the read has underway or the cache holds, else fetched; a
 * RevisionCorruptError if it cannot be. The snapshot is kept for the next read.
 */
async function contentOf(hotPath: Pick<HotPath, "readSnapshotData">, snapshots: SnapshotCache, documentId: string, hash: string, chain: ChainRow[], { early, guess }: Underway): Promise<string> {
  const bottom = chain.at(-1);
  if (!bottom || bottom.baseHash !== null) return reconstruct(documentId, hash, chain);
  // The planned snapshot, where the chain ends on another one: a snapshot of the document all the same.
  if (early && early.row.hash !== bottom.hash) snapshots.set(documentId, heldOf(early.row, early.decoded));
  let row: ChainRow = bottom;
  let snapshot: DecodedSnapshot | undefined;
  if (early?.row.hash === bottom.hash) {
    ({ row, decoded: snapshot } = early);
  } else {
    const held = snapshots.get(documentId, bottom.hash);
    if (guess?.hash === bottom.hash) snapshot = await guess.decoded;
    else if (held) snapshot = await snapshots.decode(documentId, held);
    if (held) row = held.row;
  }
  if (!snapshot) {
    // Left out only if it was held when the query ran (another read may have dropped it since).
    if (row.data === null) row = { ...bottom, ...((await hotPath.readSnapshotData(documentId, bottom.hash)) ?? {}) };
    // A later content is checked whole as it is rebuilt (reconstruct): hashing the snapshot too would only repeat it.
    snapshot = decodeSnapshot(documentId, row, { check: chain.length === 1 });
  }
  try {
    const content = reconstruct(documentId, hash, chain, snapshot);
    if (row.data !== null) snapshots.set(documentId, heldOf(row, snapshot));
    return content;
  } catch (error) {
    // Whatever a corrupt read decoded is not kept.
    if (error instanceof RevisionCorruptError) snapshots.forgetDocument(documentId);
    throw error;
  }
}

export interface VerifyReport {
  documents: number;
  revisions: number;
  /** Stored content rows checked. */
  contents: number;
  problems: number;
}

/** Recently rebuilt contents: a chain is checked walking up from its snapshot, one delta a step. */
class RecentLines {
  private readonly entries = new Map<string, LineTable>();
  constructor(private readonly size = 4) {}
  get(hash: string) {
    return this.entries.get(hash);
  }
  set(hash: string, lines: LineTable) {
    this.entries.set(hash, lines);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * Checks one document: every revision names a stored content, and every stored content
 * rebuilds to exactly its hash. Each row is decoded once, walking revisions in version order.
 */
function verifyDocument(documentId: string, revisions: { version: number; contentHash: string }[], rows: ChainRow[], problem: (text: string) => void) {
  const byHash = new Map(rows.map((row) => [row.hash, row]));
  const recent = new RecentLines();
  const checkedHashes = new Set<string>();
  const failed = new Set<string>();

  const linesOf = (hash: string): LineTable => {
    // Down to the nearest content already rebuilt, or the snapshot…
    const path: ChainRow[] = [];
    let at: string | null = hash;
    let below: LineTable | null = null;
    while (at !== null) {
      const known = recent.get(at);
      if (known) {
        below = known;
        break;
      }
      const row = byHash.get(at);
      if (!row) throw new RevisionCorruptError(documentId, path.at(-1)?.hash ?? hash, `base ${at} is missing`);
      if (failed.has(at)) throw new RevisionCorruptError(documentId, hash, `built on corrupt content ${at}`);
      path.push(row);
      if (path.length > READ_DEPTH_LIMIT) throw new RevisionCorruptError(documentId, hash, "chain too long (a cycle?)");
      at = row.baseHash;
    }
    // …then up again, checking every content on the way.
    for (let i = path.length - 1; i >= 0; i--) {
      const row = path[i]!;
      if (row.baseHash === null) {
        // Decoding checks a snapshot.
        below = LineTable.of(decodeSnapshot(documentId, row));
      } else {
        if (below === null) throw new RevisionCorruptError(documentId, row.hash, `base ${row.baseHash} is missing`);
        // A copy: deltas apply in place, and `below` may be held by `recent`.
        below = applyRow(documentId, row, below.clone());
        if (!checkedHashes.has(row.hash)) checkTable(documentId, row.hash, below);
      }
      checkedHashes.add(row.hash);
      recent.set(row.hash, below);
    }
    return below!;
  };

  const check = (hash: string, what: string) => {
    if (checkedHashes.has(hash) || failed.has(hash)) return;
    try {
      linesOf(hash);
    } catch (error) {
      if (!(error instanceof RevisionCorruptError)) throw error;
      failed.add(hash);
      problem(`${what}: ${error.message}`);
    }
  };
  for (const revision of revisions) {
    if (!byHash.has(revision.contentHash)) problem(`document ${documentId} version ${revision.version}: no stored content ${revision.contentHash}`);
    else check(revision.contentHash, `document ${documentId} version ${revision.version}`);
  }
  for (const row of rows) check(row.hash, `document ${documentId} content ${row.hash}`);
  return checkedHashes.size + failed.size;
}

export async function verifyChains(prisma: PrismaDb, onProblem: (problem: string) => void): Promise<VerifyReport> {
  const report: VerifyReport = { documents: 0, revisions: 0, contents: 0, problems: 0 };
  const problem = (text: string) => {
    report.problems++;
    onProblem(text);
  };
  const documents = await prisma.document.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  for (const { id } of documents) {
    const revisions = await prisma.revision.findMany({ where: { documentId: id }, select: { version: true, contentHash: true }, orderBy: { version: "asc" } });
    const rows = await prisma.revisionContent.findMany({ where: { documentId: id }, select: { hash: true, baseHash: true, codec: true, data: true, size: true } });
    report.documents++;
    report.revisions += revisions.length;
    report.contents += verifyDocument(id, revisions, rows, problem);
  }
  return report;
}
