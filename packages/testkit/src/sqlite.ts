import Database from "better-sqlite3";

/**
 * Runs one statement on a SQLite file outside the server, e.g. after killing it:
 * `PRAGMA integrity_check`, or reading what was committed. Opening the file replays its WAL,
 * exactly as the next server start would.
 */
export function sqliteQuery<T = Record<string, unknown>>(file: string, sql: string, params: unknown[] = []): T[] {
  const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
