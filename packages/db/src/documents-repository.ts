// Every query of the documents feature. What each API request of a document runs (read it,
// read its validators, create, compare-and-set a change) is the driver's hot path; lists and
// history go through Prisma's query builder.
import type { Document, Revision } from "./generated/sqlite/client.ts";
import type { PrismaDb } from "./database.ts";
import type { HotPath } from "./hot-path.ts";
import type { DocumentChange } from "./change-feed.ts";
import { readContent, verifyChains, type VerifyReport } from "./revision-store.ts";

export type DocumentRow = Document;
/** What preconditions, a 304 and a write's decisions need: no title, content or creation time. */
export type DocumentMeta = Omit<DocumentRow, "title" | "content" | "createdAt" | "summary">;
export type DocumentSummaryRow = Pick<DocumentRow, "id" | "title" | "version" | "updatedAt" | "updatedBy" | "updatedById"> & { role: string };
/** A revision as it reads: its metadata and its content, reconstructed and checked. */
export type RevisionRow = Omit<Revision, "id" | "contentHash"> & { content: string };
export type RevisionSummaryRow = Omit<Revision, "id" | "documentId" | "contentHash">;
export type RevisionKind = "create" | "update" | "delete" | "recreate";

/** What every state change gets: the next version, a fresh ETag, the time and the author. */
export interface Stamp {
  version: number;
  etag: string;
  now: Date;
  /** The author's name (a snapshot) and account id. */
  author: string | null;
  authorId: string | null;
  /** The writer's one-line edit summary of this change (absent or null: none). */
  summary?: string | null;
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
  /** The live documents `userId` is a member of, newest first. */
  listLive(userId: string): Promise<DocumentSummaryRow[]>;
  /**
   * Creates a document, its first revision and its owner's membership (the stamp's author);
   * null when the id is taken (a race).
   */
  insert(id: string, input: { title: string; content: string }, stamp: Stamp): Promise<DocumentRow | null>;
  /**
   * Applies `change` only if the row is still `target`, and writes the revision of the new
   * state in the same transaction. Either way the row as it is after the attempt comes back:
   * the written state, or the current one that made the attempt fail.
   */
  compareAndSet(target: CasTarget, change: Change, stamp: Stamp, kind: RevisionKind): Promise<CasResult>;
  listRevisions(id: string): Promise<RevisionSummaryRow[]>;
  /** Committed changes of one document after a revision id, oldest first (event replay). */
  changesAfter(documentId: string, afterRevisionId: number, limit: number): Promise<DocumentChange[]>;
  /** Committed changes of the documents `userId` is a member of now, after a revision id. */
  changesForMemberAfter(userId: string, afterRevisionId: number, limit: number): Promise<DocumentChange[]>;
  /** When a revision was stamped, or null when there is no such revision. */
  revisionTime(revisionId: number): Promise<Date | null>;
  /** A document's latest committed change, or null. */
  lastChangeOf(documentId: string): Promise<DocumentChange | null>;
  /** The newest revision id (0 when there is none): where a new stream starts. */
  lastRevisionId(): Promise<number>;
  /**
   * Erases a deleted document: its revisions, its members and its tombstone. False when the
   * document is live (or gone already): a live document is never purged.
   */
  purge(id: string): Promise<boolean>;
  /** One revision, its content checked against its SHA-256 (a RevisionCorruptError if not). */
  findRevision(id: string, version: number): Promise<RevisionRow | null>;
  /** Reconstructs every stored content of every document and checks it (`revisions verify`). */
  verifyRevisions(onProblem: (problem: string) => void): Promise<VerifyReport>;
}

const CHANGE_FIELDS = { id: true, documentId: true, version: true, etag: true, kind: true, author: true, authorId: true, summary: true, createdAt: true } as const;

function changeOf(row: { id: number; documentId: string; version: number; etag: string; kind: string; author: string | null; authorId: string | null; summary: string | null; createdAt: Date }): DocumentChange {
  return { revisionId: row.id, documentId: row.documentId, version: row.version, etag: row.etag, kind: row.kind as RevisionKind, updatedBy: row.author, updatedById: row.authorId, summary: row.summary, updatedAt: row.createdAt };
}

export function createDocumentsRepository(prisma: PrismaDb, hotPath: HotPath): DocumentsRepository {
  return {
    findRow: (id) => hotPath.findRow(id),
    findMeta: (id) => hotPath.findMeta(id),
    compareAndSet: (target, change, stamp, kind) => hotPath.compareAndSet(target, change, stamp, kind),

    async insert(id, { title, content }, stamp) {
      const row: DocumentRow = { id, title, content, version: stamp.version, etag: stamp.etag, createdAt: stamp.now, updatedAt: stamp.now, updatedBy: stamp.author, updatedById: stamp.authorId, summary: stamp.summary ?? null, deletedAt: null };
      return (await hotPath.insert(row)) ? row : null;
    },

    async listLive(userId) {
      const rows = await prisma.document.findMany({
        where: { deletedAt: null, members: { some: { userId } } },
        select: { id: true, title: true, version: true, updatedAt: true, updatedBy: true, updatedById: true, members: { where: { userId }, select: { role: true } } },
        orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      });
      return rows.map(({ members, ...row }) => ({ ...row, role: members[0]!.role }));
    },

    async changesAfter(documentId, afterRevisionId, limit) {
      const rows = await prisma.revision.findMany({
        where: { documentId, id: { gt: afterRevisionId } },
        select: CHANGE_FIELDS,
        orderBy: { id: "asc" },
        take: limit,
      });
      return rows.map(changeOf);
    },

    async changesForMemberAfter(userId, afterRevisionId, limit) {
      const rows = await prisma.revision.findMany({
        where: { id: { gt: afterRevisionId }, document: { members: { some: { userId } } } },
        select: CHANGE_FIELDS,
        orderBy: { id: "asc" },
        take: limit,
      });
      return rows.map(changeOf);
    },

    async revisionTime(revisionId) {
      const row = await prisma.revision.findUnique({ where: { id: revisionId }, select: { createdAt: true } });
      return row?.createdAt ?? null;
    },

    async lastChangeOf(documentId) {
      const row = await prisma.revision.findFirst({ where: { documentId }, select: CHANGE_FIELDS, orderBy: { id: "desc" } });
      return row ? changeOf(row) : null;
    },

    async lastRevisionId() {
      const last = await prisma.revision.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
      return last?.id ?? 0;
    },

    purge(id) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.document.updateMany({ where: { id, deletedAt: { not: null } }, data: { title: "", content: "" } });
        if (count === 0) return false;
        await tx.revision.deleteMany({ where: { documentId: id } });
        await tx.revisionContent.deleteMany({ where: { documentId: id } });
        await tx.documentMember.deleteMany({ where: { documentId: id } });
        await tx.document.delete({ where: { id } });
        return true;
      });
    },

    listRevisions(id) {
      return prisma.revision.findMany({
        where: { documentId: id },
        select: { version: true, title: true, kind: true, author: true, authorId: true, summary: true, createdAt: true, etag: true },
        orderBy: { version: "asc" },
      });
    },

    async findRevision(id, version) {
      const row = await prisma.revision.findUnique({
        where: { documentId_version: { documentId: id, version } },
        select: { documentId: true, version: true, title: true, contentHash: true, etag: true, kind: true, author: true, authorId: true, summary: true, createdAt: true },
      });
      if (!row) return null;
      const { contentHash, ...revision } = row;
      return { ...revision, content: await readContent(hotPath, id, contentHash) };
    },

    verifyRevisions: (onProblem) => verifyChains(prisma, onProblem),
  };
}
