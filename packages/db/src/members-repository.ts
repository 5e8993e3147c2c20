// Who may see and change a document.
import type { MembershipAnnouncer, PrismaDb, Tx } from "./database.ts";

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: string;
}

export interface MembersRepository {
  list(documentId: string): Promise<MemberRow[]>;
  /** The documents a user is a member of (live or deleted). */
  documentsOf(userId: string): Promise<string[]>;
  roleOf(documentId: string, userId: string): Promise<"owner" | "editor" | "viewer" | null>;
  /** Adds or changes a member; says which, with the role it had. */
  upsert(documentId: string, userId: string, role: string, now: Date): Promise<{ created: boolean; previousRole: string | null }>;
  /** Removes a member; the role it had, or null when it was none. */
  remove(documentId: string, userId: string): Promise<string | null>;
}

/**
 * The first statement of a read-then-write transaction: a write, so that on SQLite the
 * transaction takes the write lock (waiting for it, up to the busy timeout) before it reads.
 * A deferred transaction that reads first fails with SQLITE_BUSY_SNAPSHOT as soon as another
 * connection (this instance's writing connection, another instance) commits before its write.
 * It touches only the membership about to be written anyway (on PostgreSQL: locks that row).
 */
async function lockForWrite(tx: Tx, documentId: string, userId: string, now: Date): Promise<void> {
  await tx.documentMember.updateMany({ where: { documentId, userId }, data: { updatedAt: now } });
}

export function createMembersRepository(prisma: PrismaDb, announcer: MembershipAnnouncer): MembersRepository {
  return {
    async documentsOf(userId) {
      const rows = await prisma.documentMember.findMany({ where: { userId }, select: { documentId: true } });
      return rows.map((r) => r.documentId);
    },
    async roleOf(documentId, userId) {
      const row = await prisma.documentMember.findUnique({ where: { documentId_userId: { documentId, userId } }, select: { role: true } });
      return (row?.role as "owner" | "editor" | "viewer" | undefined) ?? null;
    },
    async list(documentId) {
      const rows = await prisma.documentMember.findMany({
        where: { documentId },
        select: { role: true, user: { select: { id: true, email: true, name: true } } },
        orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
      });
      return rows.map((r) => ({ userId: r.user.id, email: r.user.email, name: r.user.name, role: r.role }));
    },

    async upsert(documentId, userId, role, now) {
      const result = await prisma.$transaction(async (tx) => {
        await lockForWrite(tx, documentId, userId, now);
        const before = await tx.documentMember.findUnique({ where: { documentId_userId: { documentId, userId } }, select: { role: true } });
        await tx.documentMember.upsert({
          where: { documentId_userId: { documentId, userId } },
          create: { documentId, userId, role, createdAt: now, updatedAt: now },
          update: { role, updatedAt: now },
        });
        await announcer.inTransaction(tx, { documentId, userId, role });
        return { created: before === null, previousRole: before?.role ?? null };
      });
      announcer.afterCommit({ documentId, userId, role });
      return result;
    },

    async remove(documentId, userId) {
      const previous = await prisma.$transaction(async (tx) => {
        await lockForWrite(tx, documentId, userId, new Date());
        const before = await tx.documentMember.findUnique({ where: { documentId_userId: { documentId, userId } }, select: { role: true } });
        if (!before) return null;
        await tx.documentMember.delete({ where: { documentId_userId: { documentId, userId } } });
        await announcer.inTransaction(tx, { documentId, userId, role: null });
        return before.role;
      });
      if (previous !== null) announcer.afterCommit({ documentId, userId, role: null });
      return previous;
    },
  };
}
