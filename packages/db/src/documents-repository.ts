// Every query of the documents feature. What each API request of a document runs (read it,
// read its validators, create, compare-and-set a change) is the driver's hot path; lists and
// history go through Prisma's query builder.
import type { Document, Revision } from "./generated/sqlite/client.ts";
import type { PrismaDb } from "./database.ts";
import type { HotPath } from "./hot-path.ts";

export type DocumentRow = Document;
/** What preconditions, a 304 and a write's decisions need: no title, content or creation time. */
export type DocumentMeta = Omit<DocumentRow, "title" | "content" | "createdAt">;
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

export function createDocumentsRepository(prisma: PrismaDb, hotPath: HotPath): DocumentsRepository {
  return {
    findRow: (id) => hotPath.findRow(id),
    findMeta: (id) => hotPath.findMeta(id),
    compareAndSet: (target, change, stamp, kind) => hotPath.compareAndSet(target, change, stamp, kind),

    async insert(id, { title, content }, stamp) {
      const row: DocumentRow = { id, title, content, version: stamp.version, etag: stamp.etag, createdAt: stamp.now, updatedAt: stamp.now, updatedBy: stamp.author, deletedAt: null };
      return (await hotPath.insert(row)) ? row : null;
    },

    listLive() {
      return prisma.document.findMany({
        where: { deletedAt: null },
        select: { id: true, title: true, version: true, updatedAt: true, updatedBy: true },
        orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      });
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
