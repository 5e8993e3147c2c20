import type { PrismaDb } from "./database.ts";

export interface HealthRepository {
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  /** Names of the applied migrations, or [] when the migrations table does not exist yet. */
  appliedMigrations(table: string): Promise<string[]>;
}

export function createHealthRepository(prisma: PrismaDb): HealthRepository {
  return {
    async ping() {
      await prisma.$queryRaw`SELECT 1`;
    },
    async appliedMigrations(table) {
      // The table name is the migrator's constant, never input: it cannot be a parameter.
      const rows = await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM "${table}"`).catch(() => []);
      return rows.map((r) => r.name);
    },
  };
}
