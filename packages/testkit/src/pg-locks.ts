import pg from "pg";

/** Row locks held by an open transaction of another connection (a test's stand-in for a slow writer). */
export interface HeldLocks {
  /** Ends the transaction (rolled back): whoever waits on the rows goes on. */
  release(): Promise<void>;
}

/**
 * Runs `sql` (e.g. `SELECT … FOR UPDATE`) in a transaction left open, so the rows it locked stay
 * locked until `release()`: a server's write of those rows waits there, mid-request.
 */
export async function holdPgLocks(url: string, sql: string, params: unknown[] = []): Promise<HeldLocks> {
  const client = new pg.Client({ connectionString: url, application_name: "tandem-test-lock" });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(sql, params);
  } catch (error) {
    await client.end();
    throw error;
  }
  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= client.query("ROLLBACK").then(
        () => client.end(),
        async (error: unknown) => {
          await client.end();
          throw error;
        },
      );
      return released;
    },
  };
}

/**
 * Resolves with the statement once another session of the same database waits on a lock
 * while running a statement that contains `fragment`: the sign that a request is held exactly
 * there (PostgreSQL's own view of it, pg_stat_activity, not a guess about timing).
 */
export async function waitForLockWait(url: string, fragment: string, timeoutMs = 30_000): Promise<string> {
  const client = new pg.Client({ connectionString: url, application_name: "tandem-test-watch" });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ query: string }>(
        `SELECT query FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND strpos(query, $1) > 0`,
        [fragment],
      );
      if (rows[0]) return rows[0].query;
      if (Date.now() > deadline) throw new Error(`no statement containing ${JSON.stringify(fragment)} waited on a lock within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}
