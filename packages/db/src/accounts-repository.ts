// Accounts as Tandem (not the authentication library) reads and changes them: the admin flag,
// personal access tokens, invitations. Sign-up, sign-in and sessions are the library's, over
// the same tables.
import type { ApiToken, Invitation, User } from "./generated/sqlite/client.ts";
import type { PrismaDb } from "./database.ts";

export type UserRow = Pick<User, "id" | "name" | "email" | "isAdmin" | "createdAt">;
export type ApiTokenRow = Omit<ApiToken, "tokenHash">;
export type InvitationRow = Invitation;

const USER_FIELDS = { id: true, name: true, email: true, isAdmin: true, createdAt: true } as const;
const TOKEN_FIELDS = { id: true, userId: true, label: true, prefix: true, createdAt: true, lastUsedAt: true } as const;

/** Kept as a Verification row the library never expires or reads (its id is not random). */
const SECRET_ROW = "tandem-auth-secret";
const FAR_FUTURE = new Date("9999-01-01T00:00:00Z");

export interface AccountsRepository {
  /**
   * The secret every instance on this database signs sessions with: `candidate` if none is
   * stored yet (the first instance to store one wins a race), else the stored one.
   */
  sharedSecret(candidate: string): Promise<string>;
  countUsers(): Promise<number>;
  listUsers(): Promise<UserRow[]>;
  /** Signs the user out everywhere. */
  deleteSessionsOf(userId: string): Promise<void>;
  findUserById(id: string): Promise<UserRow | null>;
  findUserByEmail(email: string): Promise<UserRow | null>;
  /**
   * The earliest account becomes the admin, and documents that have no member (written before
   * accounts existed) become its own. Idempotent, and safe when two accounts are created at once:
   * whichever sorts first by (createdAt, id) wins, whoever runs it.
   */
  settleFirstAccount(now: Date): Promise<void>;
  createToken(token: { id: string; userId: string; label: string; tokenHash: string; prefix: string; createdAt: Date }): Promise<ApiTokenRow>;
  listTokens(userId: string): Promise<ApiTokenRow[]>;
  /** Deletes the user's token; false when the user has no such token. */
  revokeToken(userId: string, tokenId: string): Promise<ApiTokenRow | null>;
  touchToken(tokenId: string, at: Date): Promise<void>;
  createInvitation(invitation: InvitationRow): Promise<void>;
  /** Whether an unused, unexpired invitation with this token is for this email. */
  hasValidInvitation(tokenHash: string, email: string, now: Date): Promise<boolean>;
  /** The account for this email exists now: its invitations are used up. */
  useInvitationsOf(email: string, now: Date): Promise<void>;
}

export function createAccountsRepository(prisma: PrismaDb): AccountsRepository {
  return {
    async sharedSecret(candidate) {
      const now = new Date();
      await prisma.verification
        .create({ data: { id: SECRET_ROW, identifier: SECRET_ROW, value: candidate, expiresAt: FAR_FUTURE, createdAt: now, updatedAt: now } })
        .catch(() => undefined);
      const row = await prisma.verification.findUniqueOrThrow({ where: { id: SECRET_ROW }, select: { value: true } });
      return row.value;
    },
    countUsers: () => prisma.user.count(),
    listUsers: () => prisma.user.findMany({ select: USER_FIELDS, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    async deleteSessionsOf(userId) {
      await prisma.session.deleteMany({ where: { userId } });
    },
    findUserById: (id) => prisma.user.findUnique({ where: { id }, select: USER_FIELDS }),
    findUserByEmail: (email) => prisma.user.findUnique({ where: { email: email.toLowerCase() }, select: USER_FIELDS }),

    async settleFirstAccount(now) {
      const first = await prisma.user.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
      if (!first) return;
      await prisma.$transaction(async (tx) => {
        // A write first, always: on SQLite it takes the write lock before the read below (a
        // transaction that reads first fails if another connection commits before its write).
        await tx.user.updateMany({ where: { id: first.id }, data: { isAdmin: true } });
        const orphans = await tx.document.findMany({ where: { members: { none: {} } }, select: { id: true } });
        if (orphans.length === 0) return;
        await tx.documentMember.createMany({ data: orphans.map((d) => ({ documentId: d.id, userId: first.id, role: "owner", createdAt: now, updatedAt: now })) });
      });
    },

    createToken: (token) => prisma.apiToken.create({ data: token, select: TOKEN_FIELDS }),
    listTokens: (userId) => prisma.apiToken.findMany({ where: { userId }, select: TOKEN_FIELDS, orderBy: [{ createdAt: "desc" }, { id: "asc" }] }),
    async revokeToken(userId, tokenId) {
      const token = await prisma.apiToken.findFirst({ where: { id: tokenId, userId }, select: TOKEN_FIELDS });
      if (!token) return null;
      const { count } = await prisma.apiToken.deleteMany({ where: { id: tokenId, userId } });
      return count === 1 ? token : null;
    },
    async touchToken(tokenId, at) {
      await prisma.apiToken.updateMany({ where: { id: tokenId }, data: { lastUsedAt: at } });
    },

    async createInvitation(invitation) {
      await prisma.invitation.create({ data: invitation });
    },
    async hasValidInvitation(tokenHash, email, now) {
      const found = await prisma.invitation.findFirst({ where: { tokenHash, email: email.toLowerCase(), usedAt: null, expiresAt: { gt: now } }, select: { id: true } });
      return found !== null;
    },
    async useInvitationsOf(email, now) {
      await prisma.invitation.updateMany({ where: { email: email.toLowerCase(), usedAt: null }, data: { usedAt: now } });
    },
  };
}
