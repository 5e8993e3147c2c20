// The one way a document changes: a compare-and-set on the state the writer saw, with the
// revision of the new state in the same transaction. Domain code: no HTTP types; the request's
// preconditions arrive as a WriteGuard.
import type { Change, DocumentMeta, DocumentRow, DocumentsRepository, RevisionKind } from "@tandem/db";
import { forbidden, gone, mergeConflict, notFound, preconditionFailed, tooBusy } from "./document-errors.ts";
import { mergeOver, type Side } from "./merge-over.ts";
import { newStamp, versionOfEtag, type Author } from "./stamp.ts";

/** What the writer's conditions allow (RFC 9110 §13.2.2, decided by the HTTP layer). */
export interface WriteGuard {
  /** The one state the write may replace, when the writer named exactly one (an ETag). */
  expectedEtag: string | null;
  /** The writer named states (If-Match with tags): once another write wins, none can come back. */
  pinned: boolean;
  /** Whether the conditions admit the write over `current` (null: no live document). */
  admits(current: Pick<DocumentMeta, "etag" | "updatedAt"> | null): boolean;
  /** The write may create the document when there is no live one (If-None-Match: *). */
  mayCreate: boolean;
  /**
   * Prefer: merge — when the named state is stale but is a revision of the document, merge the
   * write over what came since instead of refusing it.
   */
  merge?: boolean;
}

export interface WriteSpec {
  /** The change to a live document, given the time the change is stamped with. */
  change(now: Date): Change;
  kind: Extract<RevisionKind, "update" | "delete">;
  /** Title and content of a created or re-created document, when the write may create. */
  create?: { title: string; content: string };
  /** What the writer's side is, given the state it started from (for Prefer: merge). */
  mine?(base: Side): Side;
  /** The writer's edit summary of the revision this write makes (a merged one included). */
  summary?: string | null;
}

/** Who writes: the stamp's author, and whether they may see the document at all. */
export interface Writer {
  id: string;
  name: string;
  /**
   * False for a caller with no role on the document: they may only create it under a free id;
   * any existing state (live or deleted) is "not found" to them, never a 412 that shows it.
   */
  seesDocument: boolean;
  /**
   * The writer's access as it is now, asked when a writer without a role finds the document
   * exists: it may have been created (or shared) a moment ago by a concurrent request of theirs.
   */
  recheck(): Promise<"write" | "read" | "none">;
  /** Decide everything, store nothing (`?dryRun=true`). */
  dryRun?: boolean;
}

export interface WriteResult {
  row: DocumentRow;
  created: boolean;
  /** Set when the write was merged over newer versions (Prefer: merge). */
  merged?: { base: number; over: number[] };
}

// Without one named state (If-Match: *, If-None-Match with tags) losing a race only means
// "read again and retry". Bounded so a pathological hot spot ends in a 503, never a hang.
const MAX_ATTEMPTS = 64;

export async function compareAndSet(repo: DocumentsRepository, id: string, guard: WriteGuard, spec: WriteSpec, writer: Writer): Promise<WriteResult> {
  const author = { id: writer.id, name: writer.name };
  const summary = spec.summary ?? null;
  let sees = writer.seesDocument;
  // The common case names the state it replaces: straight to the compare-and-set, no read
  // before it; the attempt itself reads the state that beat it.
  const expectedVersion = guard.expectedEtag === null ? null : versionOfEtag(guard.expectedEtag);
  if (guard.expectedEtag !== null && expectedVersion !== null) {
    if (!sees) throw notFound(id);
    const stamp = newStamp(expectedVersion + 1, author, summary);
    const result = await repo.compareAndSet({ id, version: expectedVersion, etag: guard.expectedEtag, live: true }, spec.change(stamp.now), stamp, spec.kind);
    if (result.written) return { row: result.row, created: false };
    if (!result.current) throw notFound(id);
    if (guard.merge && spec.mine && !result.current.deletedAt) return mergeOverNewer(repo, id, guard.expectedEtag, expectedVersion, spec.mine, result.current, author, summary);
    throw preconditionFailed(id, result.current);
  }
  const creating = guard.mayCreate && spec.create !== undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const meta = await repo.findMeta(id);
    if (!meta && !creating) throw notFound(id);
    if (meta && !sees) {
      const access = await writer.recheck();
      if (access === "none") throw notFound(id);
      if (access === "read") throw forbidden("change it", "viewer");
      sees = true;
    }
    const live = meta && !meta.deletedAt ? meta : null;
    if (!guard.admits(live)) throw preconditionFailed(id, await repo.findRow(id));
    if (!live && !creating) throw gone(id, meta!);
    const stamp = newStamp((meta?.version ?? 0) + 1, author, summary);
    if (live) {
      const result = await repo.compareAndSet({ id, version: live.version, live: true }, spec.change(stamp.now), stamp, spec.kind);
      if (result.written) return { row: result.row, created: false };
      // A tag list named states that are gone for good: the winner's state is the answer.
      if (guard.pinned) throw preconditionFailed(id, result.current);
      continue;
    }
    const input = spec.create!;
    if (!meta) {
      const row = await repo.insert(id, input, stamp);
      if (row) return { row, created: true };
      continue;
    }
    const result = await repo.compareAndSet({ id, version: meta.version, live: false }, { ...input, deletedAt: null, createdAt: stamp.now }, stamp, "recreate");
    if (result.written) return { row: result.row, created: true };
  }
  throw tooBusy();
}

/**
 * Prefer: merge. The writer's base is the revision it named; each attempt merges the write
 * over the current state and compare-and-sets the result on that state, so a writer that got
 * in meanwhile is merged over too (bounded, like every retry). Unknown base: the usual 412.
 */
async function mergeOverNewer(repo: DocumentsRepository, id: string, baseEtag: string, baseVersion: number, mine: (base: Side) => Side, first: DocumentRow, author: Author, summary: string | null): Promise<WriteResult> {
  const base = await repo.findRevision(id, baseVersion);
  if (!base || base.etag !== baseEtag) throw preconditionFailed(id, first);
  const ours = mine(base);
  let current = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const outcome = mergeOver(base, ours, current);
    if (!outcome.clean) throw mergeConflict(id, current, outcome.conflicts);
    const stamp = newStamp(current.version + 1, author, summary);
    const result = await repo.compareAndSet({ id, version: current.version, live: true }, outcome.merged, stamp, "update");
    if (result.written) {
      const over = Array.from({ length: current.version - base.version }, (_, i) => base.version + 1 + i);
      return { row: result.row, created: false, merged: { base: base.version, over } };
    }
    if (!result.current || result.current.deletedAt) throw preconditionFailed(id, result.current);
    current = result.current;
  }
  throw tooBusy();
}
