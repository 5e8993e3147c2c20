// The documents domain: framework-free functions the route handlers call. Every state change
// bumps the version by exactly one and writes its revision in the same transaction.
import { evaluatePreconditions, type Preconditions } from "@tandem/http-preconditions";
import { db, type Tx } from "../db/client";
import { AppError } from "../errors";
import { newId } from "../http/ids";
import type { DocumentInput, DocumentPatch } from "./input";
import { gone, notFound, preconditionFailed } from "./outcomes";
import { newEtag, strongTag, type DocumentRow } from "./view";
import { conditionalWrite, insertRevision, lostRace, META_SELECT, readMeta, type Meta, type Stamp, type WriteContext } from "./write";

export interface ListedDocument {
  id: string;
  title: string;
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export function listDocuments(): Promise<ListedDocument[]> {
  return db().document.findMany({
    where: { deletedAt: null },
    select: { id: true, title: true, version: true, updatedAt: true, updatedBy: true },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
}

export async function createDocument(input: DocumentInput, author: string | null): Promise<DocumentRow> {
  const now = new Date();
  return db().$transaction(async (tx) => {
    const row = await tx.document.create({
      data: { id: newId(), ...input, version: 1, etag: newEtag(1), createdAt: now, updatedAt: now, updatedBy: author },
    });
    await insertRevision(tx, row, "create", { version: 1, etag: row.etag, now, author });
    return row;
  });
}

export type ReadResult = { kind: "not-modified"; meta: Meta } | { kind: "meta"; meta: Meta } | { kind: "document"; row: DocumentRow };

/**
 * GET/HEAD. Conditional requests and HEAD are answered from the metadata alone, so a 304
 * never reads the title or content columns.
 */
export async function readDocument(id: string, pre: Preconditions, method: "GET" | "HEAD"): Promise<ReadResult> {
  const conditional = pre.ifMatch || pre.ifNoneMatch || pre.ifModifiedSince || pre.ifUnmodifiedSince;
  if (!conditional && method === "GET") {
    const row = await db().document.findUnique({ where: { id } });
    if (!row) throw notFound(id);
    if (row.deletedAt) throw gone(id, row);
    return { kind: "document", row };
  }
  const meta = await readMeta(id);
  if (!meta) throw notFound(id);
  if (meta.deletedAt) throw gone(id, meta);
  const outcome = evaluatePreconditions(pre, { etag: strongTag(meta.etag), lastModified: meta.updatedAt }, method);
  if (outcome === "precondition-failed") return preconditionFailed(id);
  if (outcome === "not-modified") return { kind: "not-modified", meta };
  if (method === "HEAD") return { kind: "meta", meta };
  const row = await db().document.findUnique({ where: { id } });
  if (!row) throw notFound(id);
  if (row.deletedAt) throw gone(id, row);
  return { kind: "document", row };
}

/**
 * The compare-and-set every change of a live document goes through: the row is updated only
 * if it is still at the version `live` was read at (count 0 → someone else won → lostRace()),
 * then the revision of the new state is written in the same transaction. A PUT sets every
 * field, so the new row is known without reading it back (createdAt cannot have changed: only
 * a re-create sets it, and that bumps the version); PATCH and DELETE read it back.
 */
async function updateLive(tx: Tx, live: Meta, data: Partial<DocumentInput> & { deletedAt?: Date }, stamp: Stamp, kind: "update" | "delete") {
  const { count } = await tx.document.updateMany({
    where: { id: live.id, version: live.version, deletedAt: null },
    data: { ...data, version: stamp.version, etag: stamp.etag, updatedAt: stamp.now, updatedBy: stamp.author },
  });
  if (count === 0) lostRace();
  const { title, content } = data;
  const row: DocumentRow =
    title !== undefined && content !== undefined && data.deletedAt === undefined
      ? { id: live.id, title, content, version: stamp.version, etag: stamp.etag, createdAt: live.createdAt, updatedAt: stamp.now, updatedBy: stamp.author, deletedAt: null }
      : await tx.document.findUniqueOrThrow({ where: { id: live.id } });
  await insertRevision(tx, row, kind, stamp);
  return row;
}

/** PUT: replace title and content; with If-None-Match: * create (or re-create) under this id. */
export function replaceDocument(id: string, input: DocumentInput, ctx: WriteContext) {
  return conditionalWrite(id, ctx, {
    update: (tx, live, stamp) => updateLive(tx, live, input, stamp, "update"),
    async create(tx, tombstone, stamp) {
      const data = { ...input, version: stamp.version, etag: stamp.etag, createdAt: stamp.now, updatedAt: stamp.now, updatedBy: stamp.author, deletedAt: null };
      let row: DocumentRow;
      if (tombstone) {
        const { count } = await tx.document.updateMany({ where: { id, version: tombstone.version, deletedAt: { not: null } }, data });
        if (count === 0) lostRace();
        row = await tx.document.findUniqueOrThrow({ where: { id } });
      } else {
        row = await tx.document.create({ data: { id, ...data } });
      }
      await insertRevision(tx, row, tombstone ? "recreate" : "create", stamp);
      return row;
    },
  });
}

/** PATCH (RFC 7396): only the members present change; the others are never read or written. */
export function patchDocument(id: string, patch: DocumentPatch, ctx: WriteContext) {
  return conditionalWrite(id, ctx, { update: (tx, live, stamp) => updateLive(tx, live, patch, stamp, "update") });
}

/** DELETE: a tombstone with its own version and revision; the history stays readable. */
export function deleteDocument(id: string, ctx: WriteContext) {
  return conditionalWrite(id, ctx, { update: (tx, live, stamp) => updateLive(tx, live, { deletedAt: stamp.now }, stamp, "delete") });
}

export interface RevisionSummary {
  version: number;
  title: string;
  kind: string;
  author: string | null;
  createdAt: Date;
  etag: string;
}

export async function listRevisions(id: string): Promise<{ meta: Meta; revisions: RevisionSummary[] }> {
  const meta = await db().document.findUnique({ where: { id }, select: META_SELECT });
  if (!meta) throw notFound(id);
  const revisions = await db().revision.findMany({
    where: { documentId: id },
    select: { version: true, title: true, kind: true, author: true, createdAt: true, etag: true },
    orderBy: { version: "asc" },
  });
  return { meta, revisions };
}

export async function getRevision(id: string, version: number) {
  const revision = await db().revision.findUnique({ where: { documentId_version: { documentId: id, version } } });
  if (!revision) {
    throw (await readMeta(id)) ? notFoundRevision(id, version) : notFound(id);
  }
  return revision;
}

function notFoundRevision(id: string, version: number): AppError {
  return new AppError("not-found", `Document "${id}" has no version ${version}.`);
}
