// Every query of the documents feature. The hot paths (read a document, read its validators,
// compare-and-set a change) are hand-written SQL through Prisma's raw API and the same driver
// adapter: measured, they cost a third of the query builder's time (bench/api, README), and a
// change plus its revision become one batch transaction with no round trip in between.
import { Prisma } from "./generated/sqlite/client.ts";
import type { Document, Revision } from "./generated/sqlite/client.ts";
import type { PrismaDb } from "./database.ts";

export type DocumentRow = Document;
/** Everything but title and content: what preconditions and a 304 need. */
export type DocumentMeta = Omit<DocumentRow, "title" | "content">;
export type DocumentSummaryRow = Pick<DocumentRow, "id" | "title" | "version" | "updatedAt" | "updatedBy">;
export type RevisionRow = Omit<Revision, "id">;
export type RevisionSummaryRow = Omit<RevisionRow, "documentId" | "content">;
export type RevisionKind = "create" | "update" | "delete" | "recreate";

/** What every state change gets: the next version, a fresh ETag, the time and the author. */
export interface Stamp {
  version: number;
  etag: string;
  now: Date;
  author: string | null;
}

/** The state a change replaces: the row must still be at this version (and ETag, if given). */
export interface CasTarget {
  id: string;
  version: number;
  etag?: string;
  /** true: a live document; false: a tombstone (re-create). */
  live: boolean;
}

/** The columns a change sets besides the stamp. */
export interface Change {
  title?: string;
  content?: string;
  deletedAt?: Date | null;
  createdAt?: Date;
}

export type CasResult = { written: true; row: DocumentRow } | { written: false; current: DocumentRow | null };

export interface DocumentsRepository {
  findRow(id: string): Promise<DocumentRow | null>;
  findMeta(id: string): Promise<DocumentMeta | null>;
  listLive(): Promise<DocumentSummaryRow[]>;
  /** Creates a document and its first revision; null when the id is taken (a race). */
  insert(id: string, input: { title: string; content: string }, stamp: Stamp): Promise<DocumentRow | null>;
  /**
   * Applies `change` only if the row is still `target`, and writes the revision of the new
   * state in the same transaction. Either way the row as it is after the attempt comes back:
   * the written state, or the current one that made the attempt fail.
   */
  compareAndSet(target: CasTarget, change: Change, stamp: Stamp, kind: RevisionKind): Promise<CasResult>;
  listRevisions(id: string): Promise<RevisionSummaryRow[]>;
  findRevision(id: string, version: number): Promise<RevisionRow | null>;
}

const META_COLUMNS = Prisma.raw(`"id", "version", "etag", "createdAt", "updatedAt", "updatedBy", "deletedAt"`);
const ROW_COLUMNS = Prisma.raw(`"id", "title", "content", "version", "etag", "createdAt", "updatedAt", "updatedBy", "deletedAt"`);

/** Raw results carry the driver's types: SQLite integers may come back as bigint. */
function normalise<T extends { version: number | bigint }>(row: T | undefined): (T & { version: number }) | null {
  return row ? { ...row, version: Number(row.version) } : null;
}

/** Copies the document's current state into a revision, if it carries `etag`: no second upload of the content. */
function revisionOf(prisma: PrismaDb, id: string, etag: string, kind: RevisionKind) {
  return prisma.$executeRaw`
    INSERT INTO "Revision" ("documentId", "version", "title", "content", "etag", "kind", "author", "createdAt")
    SELECT "id", "version", "title", "content", "etag", ${kind}, "updatedBy", "updatedAt" FROM "Document" WHERE "id" = ${id} AND "etag" = ${etag}`;
}

export function createDocumentsRepository(prisma: PrismaDb): DocumentsRepository {
  const selectRow = (id: string) => prisma.$queryRaw<DocumentRow[]>`SELECT ${ROW_COLUMNS} FROM "Document" WHERE "id" = ${id}`;

  return {
    async findRow(id) {
      return normalise((await selectRow(id))[0]);
    },

    async findMeta(id) {
      const rows = await prisma.$queryRaw<DocumentMeta[]>`SELECT ${META_COLUMNS} FROM "Document" WHERE "id" = ${id}`;
      return normalise(rows[0]);
    },

    listLive() {
      return prisma.document.findMany({
        where: { deletedAt: null },
        select: { id: true, title: true, version: true, updatedAt: true, updatedBy: true },
        orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      });
    },

    async insert(id, { title, content }, stamp) {
      const [count] = await prisma.$transaction([
        prisma.$executeRaw`
          INSERT INTO "Document" ("id", "title", "content", "version", "etag", "createdAt", "updatedAt", "updatedBy", "deletedAt")
          VALUES (${id}, ${title}, ${content}, ${stamp.version}, ${stamp.etag}, ${stamp.now}, ${stamp.now}, ${stamp.author}, NULL)
          ON CONFLICT ("id") DO NOTHING`,
        revisionOf(prisma, id, stamp.etag, "create"),
      ]);
      if (count === 0) return null;
      return { id, title, content, version: stamp.version, etag: stamp.etag, createdAt: stamp.now, updatedAt: stamp.now, updatedBy: stamp.author, deletedAt: null };
    },

    async compareAndSet(target, change, stamp, kind) {
      const sets = [Prisma.sql`"version" = ${stamp.version}`, Prisma.sql`"etag" = ${stamp.etag}`, Prisma.sql`"updatedAt" = ${stamp.now}`, Prisma.sql`"updatedBy" = ${stamp.author}`];
      if (change.title !== undefined) sets.push(Prisma.sql`"title" = ${change.title}`);
      if (change.content !== undefined) sets.push(Prisma.sql`"content" = ${change.content}`);
      if (change.deletedAt !== undefined) sets.push(Prisma.sql`"deletedAt" = ${change.deletedAt}`);
      if (change.createdAt !== undefined) sets.push(Prisma.sql`"createdAt" = ${change.createdAt}`);
      const etag = target.etag === undefined ? Prisma.empty : Prisma.sql` AND "etag" = ${target.etag}`;
      const liveness = Prisma.raw(target.live ? `"deletedAt" IS NULL` : `"deletedAt" IS NOT NULL`);
      // One transaction, no round trip between its statements: the revision copies the row only
      // if it carries the new ETag (that is, the update applied), and the final read is the
      // written row on success or the state that won on failure (the 412's body, taken here).
      const [count, , rows] = await prisma.$transaction([
        prisma.$executeRaw`UPDATE "Document" SET ${Prisma.join(sets)} WHERE "id" = ${target.id} AND "version" = ${target.version}${etag} AND ${liveness}`,
        revisionOf(prisma, target.id, stamp.etag, kind),
        selectRow(target.id),
      ]);
      const row = normalise(rows[0]);
      return count === 1 && row ? { written: true, row } : { written: false, current: row };
    },

    listRevisions(id) {
      return prisma.revision.findMany({
        where: { documentId: id },
        select: { version: true, title: true, kind: true, author: true, createdAt: true, etag: true },
        orderBy: { version: "asc" },
      });
    },

    findRevision(id, version) {
      return prisma.revision.findUnique({
        where: { documentId_version: { documentId: id, version } },
        select: { documentId: true, version: true, title: true, content: true, etag: true, kind: true, author: true, createdAt: true },
      });
    },
  };
}
