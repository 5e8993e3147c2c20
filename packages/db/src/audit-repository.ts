// The audit trail: append and read, never change.
import type { AuditEvent } from "./generated/sqlite/client.ts";
import type { PrismaDb } from "./database.ts";

export type AuditRow = AuditEvent;
export type NewAuditEvent = Omit<AuditRow, "id">;

export interface AuditRepository {
  append(event: NewAuditEvent): Promise<AuditRow>;
  /** Newest first; `before` pages back from an id. */
  list(filter: { documentId?: string; before?: number; limit: number }): Promise<AuditRow[]>;
  /** The 412 a resolving save names, if it was this user's on this document. */
  findConflict(id: number, actorId: string, documentId: string): Promise<AuditRow | null>;
  /** Whether a resolution of this conflict was already recorded (a retried save). */
  isResolved(conflictId: number, documentId: string): Promise<boolean>;
}

export function createAuditRepository(prisma: PrismaDb): AuditRepository {
  return {
    append: (event) => prisma.auditEvent.create({ data: event }),
    list: ({ documentId, before, limit }) =>
      prisma.auditEvent.findMany({
        where: { ...(documentId !== undefined ? { documentId } : {}), ...(before !== undefined ? { id: { lt: before } } : {}) },
        orderBy: { id: "desc" },
        take: limit,
      }),
    findConflict: (id, actorId, documentId) => prisma.auditEvent.findFirst({ where: { id, actorId, documentId, type: "conflict" } }),
    async isResolved(conflictId, documentId) {
      // The detail is JSON text; its conflict id is written first, so a prefix identifies it.
      const found = await prisma.auditEvent.findFirst({ where: { documentId, type: "conflict-resolved", detail: { startsWith: `{"conflictId":${conflictId},` } }, select: { id: true } });
      return found !== null;
    },
  };
}
