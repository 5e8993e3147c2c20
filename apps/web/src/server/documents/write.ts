import { evaluatePreconditions, hasWritePrecondition, type Preconditions } from "@tandem/http-preconditions";
import { AppError } from "../errors";
import { db, type Tx } from "../db/client";
import { gone, notFound, preconditionFailed, preconditionRequired } from "./outcomes";
import { newEtag, strongTag, type DocumentRow } from "./view";

export interface WriteContext {
  method: "PUT" | "PATCH" | "DELETE";
  pre: Preconditions;
  author: string | null;
}

/** The stamp every state change gets: next version, fresh ETag, time, author. */
export interface Stamp {
  version: number;
  etag: string;
  now: Date;
  author: string | null;
}

export interface Meta {
  id: string;
  version: number;
  etag: string;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
  deletedAt: Date | null;
}

export interface WriteOps {
  /** Changes a live document; must compare-and-set on `expected` and call lostRace() on count 0. */
  update(tx: Tx, live: Meta, stamp: Stamp): Promise<DocumentRow>;
  /** Creates (tombstone null) or re-creates the document; only PUT with If-None-Match has it. */
  create?(tx: Tx, tombstone: Meta | null, stamp: Stamp): Promise<DocumentRow>;
}

export const META_SELECT = { id: true, version: true, etag: true, createdAt: true, updatedAt: true, updatedBy: true, deletedAt: true } as const;

class LostRace extends Error {}

/** Thrown inside a write transaction when the conditional update matched no row. */
export function lostRace(): never {
  throw new LostRace("the compare-and-set matched no row");
}

// `If-Match: *` (or If-None-Match with tags) does not pin one version: losing a race only means
// "read again and retry". Bounded so a pathological hot spot ends in a 503, never a hang.
const MAX_ATTEMPTS = 64;

export function readMeta(id: string): Promise<Meta | null> {
  return db().document.findUnique({ where: { id }, select: META_SELECT });
}

function isRaceError(error: unknown): boolean {
  return error instanceof LostRace || (typeof error === "object" && error !== null && "code" in error && error.code === "P2002");
}

/**
 * Runs one conditional write. The precondition is first evaluated on the current metadata
 * (RFC 9110 §13.2.2) — a fast path that answers the common stale case without a write — but
 * the guarantee is the compare-and-set inside the transaction (`where: { id, version }`),
 * which the database applies atomically with the revision insert.
 */
export async function conditionalWrite(id: string, ctx: WriteContext, ops: WriteOps): Promise<{ row: DocumentRow; created: boolean }> {
  if (!hasWritePrecondition(ctx.pre)) throw preconditionRequired();
  const creating = ctx.method === "PUT" && ctx.pre.ifNoneMatch !== null && ctx.pre.ifMatch === null && ops.create !== undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const meta = await readMeta(id);
    if (!meta && !creating) throw notFound(id);
    const live = meta && !meta.deletedAt ? meta : null;
    const outcome = evaluatePreconditions(ctx.pre, live && { etag: strongTag(live.etag), lastModified: live.updatedAt }, ctx.method);
    if (outcome !== "proceed") return preconditionFailed(id);
    if (!live && !creating) throw gone(id, meta!);
    try {
      return await db().$transaction(async (tx) => {
        if (live) {
          const version = live.version + 1;
          return { row: await ops.update(tx, live, { version, etag: newEtag(version), now: new Date(), author: ctx.author }), created: false };
        }
        const version = (meta?.version ?? 0) + 1;
        return { row: await ops.create!(tx, meta, { version, etag: newEtag(version), now: new Date(), author: ctx.author }), created: true };
      });
    } catch (error) {
      if (!isRaceError(error)) throw error;
      // Someone else's write won. With If-Match listing tags, the state they matched is gone
      // for good: that is a 412 with the winner's state. Otherwise evaluate again.
      if (ctx.pre.ifMatch && !ctx.pre.ifMatch.any) return preconditionFailed(id);
    }
  }
  throw new AppError("service-unavailable", "The document is being written too often to apply this write; retry shortly.", {}, { "Retry-After": "1" });
}

export async function insertRevision(tx: Tx, row: DocumentRow, kind: "create" | "update" | "delete" | "recreate", stamp: Stamp): Promise<void> {
  await tx.revision.create({
    data: {
      documentId: row.id,
      version: row.version,
      title: row.title,
      content: row.content,
      etag: row.etag,
      kind,
      author: stamp.author,
      createdAt: stamp.now,
    },
  });
}
