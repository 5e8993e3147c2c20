// Every query of the documents feature. What each API request of a document runs (read it,
// read its validators, create, compare-and-set a change) is the driver's hot path; lists and
// history go through Prisma's query builder.
import type { Document, Revision } from "./generated/sqlite/client.ts";
import type { PrismaDb } from "./database.ts";
import type { HotPath } from "./hot-path.ts";
import type { DocumentChange } from "./change-feed.ts";
import { readRevision, verifyChains, type VerifyReport } from "./revision-store.ts";
import { SnapshotCache } from "./snapshot-cache.ts";
import type { Provider } from "@tandem/migrate";
import { createDocumentSearch, type SearchPage, type Snippet } from "./document-search.ts";

export type DocumentRow = Document;
/** What preconditions, a 304 and a write's decisions need: no title, content or creation time. */
export type DocumentMeta = Omit<DocumentRow, "title" | "content" | "createdAt" | "summary">;
export type DocumentSummaryRow = Pick<DocumentRow, "id" | "title" | "version" | "updatedAt" | "updatedBy" | "updatedById"> & { role: string };
/** A revision as it reads: its metadata and its content, reconstructed and checked. */
export type RevisionRow = Omit<Revision, "id" | "contentHash"> & { content: string };
export type RevisionSummaryRow = Omit<Revision, "id" | "documentId" | "contentHash">;
export type RevisionKind = "create" | "update" | "delete" | "recreate";
/** A page of a list: rows after `after` (the previous page's last row; null: the first page). */
export interface Page<K> {
  after: K | null;
  limit: number;
}
/** Revisions oldest first (versions after `after`) or newest first (versions before it). */
export type RevisionPage = Page<number> & { newestFirst: boolean };
export type ListPage = Page<{ updatedAt: Date; id: string }>;
export type SearchHitRow = DocumentSummaryRow & { score: number; snippet: Snippet };

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
  /** The live documents `userId` is a member of, newest change first (ties: by id). */
  listLive(userId: string, page: ListPage): Promise<DocumentSummaryRow[]>;
  /** The live documents `userId` is a member of that hold every term, best match first (ties: by id). */
  search(userId: string, page: SearchPage): Promise<SearchHitRow[]>;
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
  /** A document's revisions (metadata only), oldest first after `after`, or newest first before it. */
  listRevisions(id: string, page: RevisionPage): Promise<RevisionSummaryRow[]>;
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

// Newest change first, ties by id: the order of Document_deletedAt_updatedAt_idx, so a page is
// an index range read backwards plus one membership lookup per row, whatever the page's depth.
// The list page's ids in the order of the index on ("updatedAt" DESC, "id"): the first page,
// or the rows after a cursor. The cursor's bound is an index range (`updatedAt <= at`), so a
// deep page starts where the cursor points instead of filtering every row before it.
const PAGE_ORDER = `ORDER BY d."updatedAt" DESC, d."id" ASC`;
/** `p(n)`: the n-th parameter as the provider writes it (SQLite's `?` is bound in order). */
const pageSql = (p: (n: number) => string, at: string) => {
  const from = `FROM "Document" d JOIN "DocumentMember" m ON m."documentId" = d."id" AND m."userId" = ${p(1)} WHERE d."deletedAt" IS NULL`;
  return {
    first: `SELECT d."id" AS "id" ${from} ${PAGE_ORDER} LIMIT ${p(2)}`,
    next: `SELECT d."id" AS "id" ${from} AND d."updatedAt" <= ${at} AND (d."updatedAt" < ${at} OR d."id" > ${p(3)}) ${PAGE_ORDER} LIMIT ${p(4)}`,
  };
};
const PG_PAGE = pageSql((n) => `$${n}`, `$2::timestamp(3)`);
const SQLITE_PAGE = pageSql(() => "?", "?");

async function pagedIds(prisma: PrismaDb, provider: Provider, userId: string, { after, limit }: ListPage): Promise<string[]> {
  const sql = provider === "sqlite" ? SQLITE_PAGE : PG_PAGE;
  if (!after) return (await prisma.$queryRawUnsafe<{ id: string }[]>(sql.first, userId, limit)).map((r) => r.id);
  // SQLite keeps DateTime as ISO text with a numeric offset (see sqlite-hot-path.ts).
  const at = provider === "sqlite" ? after.updatedAt.toISOString().replace("Z", "+00:00") : after.updatedAt.toISOString().replace("Z", "");
  const args = provider === "sqlite" ? [userId, at, at, after.id, limit] : [userId, at, after.id, limit];
  return (await prisma.$queryRawUnsafe<{ id: string }[]>(sql.next, ...args)).map((r) => r.id);
}

const SUMMARY_FIELDS = { id: true, title: true, version: true, updatedAt: true, updatedBy: true, updatedById: true } as const;

export function createDocumentsRepository(prisma: PrismaDb, hotPath: HotPath, provider: Provider): DocumentsRepository {
  const fullText = createDocumentSearch(prisma, provider);
  const snapshots = new SnapshotCache();

  /** The rows of documents whose ids a query chose, with the user's role: by primary key, no membership scan. */
  async function summaries(userId: string, ids: string[]): Promise<Map<string, DocumentSummaryRow>> {
    const rows = await prisma.document.findMany({
      where: { id: { in: ids }, deletedAt: null },
      select: { ...SUMMARY_FIELDS, members: { where: { userId }, select: { role: true } } },
    });
    // A document unshared between the two reads has no role left: it is left out.
    return new Map(rows.flatMap(({ members, ...row }) => (members[0] ? [[row.id, { ...row, role: members[0].role }] as const] : [])));
  }

  return {
    findRow: (id) => hotPath.findRow(id),
    findMeta: (id) => hotPath.findMeta(id),
    compareAndSet: (target, change, stamp, kind) => hotPath.compareAndSet(target, change, stamp, kind),

    async insert(id, { title, content }, stamp) {
      const row: DocumentRow = { id, title, content, version: stamp.version, etag: stamp.etag, createdAt: stamp.now, updatedAt: stamp.now, updatedBy: stamp.author, updatedById: stamp.authorId, summary: stamp.summary ?? null, deletedAt: null };
      return (await hotPath.insert(row)) ? row : null;
    },

    async listLive(userId, page) {
      // The page's ids by hand-written SQL (Prisma's `members: { some }` reads every membership
      // of the user first: seconds at 100,000 documents), then the rows through the builder.
      const ids = await pagedIds(prisma, provider, userId, page);
      const byId = await summaries(userId, ids);
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    async search(userId, page) {
      const matches = await fullText.ranked(userId, page);
      const ids = matches.map((m) => m.id);
      const [byId, snippets] = await Promise.all([summaries(userId, ids), fullText.snippets(ids, page.terms)]);
      // A document deleted or unshared between the two reads is left out, never shown half.
      return matches.flatMap((m) => {
        const row = byId.get(m.id);
        return row ? [{ ...row, score: m.score, snippet: snippets.get(m.id) ?? { text: "", highlights: [] } }] : [];
      });
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
      }).finally(() => snapshots.forgetDocument(id));
    },

    listRevisions(id, { after, limit, newestFirst }) {
      return prisma.revision.findMany({
        where: { documentId: id, ...(after === null ? {} : { version: newestFirst ? { lt: after } : { gt: after } }) },
        take: limit,
        select: { version: true, title: true, kind: true, author: true, authorId: true, summary: true, createdAt: true, etag: true },
        orderBy: { version: newestFirst ? "desc" : "asc" },
      });
    },

    async findRevision(id, version) {
      const read = await readRevision(hotPath, snapshots, id, version);
      if (!read) return null;
      const { contentHash: _hash, ...revision } = read.revision;
      return { ...revision, content: read.content };
    },

    verifyRevisions: (onProblem) => verifyChains(prisma, onProblem),
  };
}
