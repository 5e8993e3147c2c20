// Who may see and change a document.
import type { PrismaDb } from "./database.ts";

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: string;
}

export interface MembersRepository {
  list(documentId: string): Promise<MemberRow[]>;
  roleOf(documentId: string, userId: string): Promise<"owner" | "editor" | "viewer" | null>;
  /** Adds or changes a member; says which, with the role it had. */
  upsert(documentId: string, userId: string, role: string, now: Date): Promise<{ created: boolean; previousRole: string | null }>;
  /** Removes a member; the role it had, or null when it was none. */
  remove(documentId: string, userId: string): Promise<string | null>;
}

export function createMembersRepository(prisma: PrismaDb): MembersRepository {
  return {
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

    upsert(documentId, userId, role, now) {
      return prisma.$transaction(async (tx) => {
        const before = await tx.documentMember.findUnique({ where: { documentId_userId: { documentId, userId } }, select: { role: true } });
        await tx.documentMember.upsert({
          where: { documentId_userId: { documentId, userId } },
          create: { documentId, userId, role, createdAt: now, updatedAt: now },
          update: { role, updatedAt: now },
        });
        return { created: before === null, previousRole: before?.role ?? null };
      });
    },

    remove(documentId, userId) {
      return prisma.$transaction(async (tx) => {
        const before = await tx.documentMember.findUnique({ where: { documentId_userId: { documentId, userId } }, select: { role: true } });
        if (!before) return null;
        await tx.documentMember.delete({ where: { documentId_userId: { documentId, userId } } });
        return before.role;
      });
    },
  };
}
