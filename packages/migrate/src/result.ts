export interface MigrateResult {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Migrations that were already recorded before this call. */
  alreadyApplied: string[];
  /** Recorded migrations this build does not have (the database is ahead of the code). */
  unknown: string[];
}

export interface AppliedRow {
  name: string;
  checksum: string;
}

export class MigrationChecksumError extends Error {
  constructor(name: string) {
    super(`migration ${name} was changed after it was applied (checksum mismatch); add a new migration instead`);
    this.name = "MigrationChecksumError";
  }
}

/** Splits the known migrations into pending and applied, refusing edited applied ones. */
export function plan<F extends { name: string; checksum: string }>(files: F[], rows: AppliedRow[]) {
  const recorded = new Map(rows.map((r) => [r.name, r.checksum]));
  for (const f of files) {
    const sum = recorded.get(f.name);
    if (sum !== undefined && sum !== f.checksum) throw new MigrationChecksumError(f.name);
  }
  const known = new Set(files.map((f) => f.name));
  return {
    pending: files.filter((f) => !recorded.has(f.name)),
    alreadyApplied: files.filter((f) => recorded.has(f.name)).map((f) => f.name),
    unknown: rows.map((r) => r.name).filter((n) => !known.has(n)),
  };
}

export const MIGRATIONS_TABLE = "_tandem_migrations";
