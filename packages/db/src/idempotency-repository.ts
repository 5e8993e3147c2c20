// Idempotency-Key records (draft-ietf-httpapi-idempotency-key-header): per user and key, the
// request's fingerprint and, once it is known, its answer. Kept in the database, so a retry
// that reaches another instance, or comes after a restart, finds them.
import type { IdempotencyRecord } from "./generated/sqlite/client.ts";
import type { PrismaDb } from "./database.ts";

export type IdempotencyRow = IdempotencyRecord;

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export type Claim = { claimed: true } | { claimed: false; record: IdempotencyRow };

export interface IdempotencyRepository {
  /**
   * Takes the key for this request (state "in-flight"), or answers the record that holds it.
   * An expired record is removed first: the key may be used again after its lifetime. A record
   * of the same request still in flight since before `abandonedBefore` was left by a process
   * that died mid-request: this request takes it over.
   */
  claim(userId: string, key: string, fingerprint: string, now: Date, expiresAt: Date, abandonedBefore: Date): Promise<Claim>;
  complete(userId: string, key: string, answer: StoredAnswer): Promise<void>;
  /** Gives the key up (the request failed in a way a retry may fix). */
  release(userId: string, key: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

export function createIdempotencyRepository(prisma: PrismaDb): IdempotencyRepository {
  const where = (userId: string, key: string) => ({ userId_key: { userId, key } });
  return {
    async claim(userId, key, fingerprint, now, expiresAt, abandonedBefore) {
      await prisma.idempotencyRecord.deleteMany({ where: { userId, key, expiresAt: { lte: now } } });
      // Twice at most: the record that beat this create may expire or be released meanwhile.
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await prisma.idempotencyRecord.create({ data: { userId, key, fingerprint, state: "in-flight", createdAt: now, expiresAt } });
          return { claimed: true };
        } catch (error) {
          if ((error as { code?: string }).code !== "P2002") throw error;
        }
        const record = await prisma.idempotencyRecord.findUnique({ where: where(userId, key) });
        if (record && record.state === "in-flight" && record.fingerprint === fingerprint && record.createdAt <= abandonedBefore) {
          const { count } = await prisma.idempotencyRecord.updateMany({ where: { userId, key, state: "in-flight", createdAt: record.createdAt }, data: { createdAt: now, expiresAt } });
          if (count === 1) return { claimed: true };
          continue;
        }
        if (record) return { claimed: false, record };
      }
      throw new Error("an idempotency key kept changing hands");
    },
    async complete(userId, key, answer) {
      await prisma.idempotencyRecord.update({ where: where(userId, key), data: { state: "done", status: answer.status, headers: JSON.stringify(answer.headers), body: answer.body } });
    },
    async release(userId, key) {
      await prisma.idempotencyRecord.deleteMany({ where: { userId, key, state: "in-flight" } });
    },
    async deleteExpired(now) {
      return (await prisma.idempotencyRecord.deleteMany({ where: { expiresAt: { lte: now } } })).count;
    },
  };
}
