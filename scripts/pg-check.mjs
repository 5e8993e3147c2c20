// Is the test PostgreSQL reachable? Uses the pg driver the workspace installed.
import { createRequire } from "node:module";
import path from "node:path";
import { ROOT } from "./lib.mjs";

export const PG_ADMIN_URL = process.env.TANDEM_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function pgReachable(url = PG_ADMIN_URL) {
  const pg = createRequire(path.join(ROOT, "packages", "testkit", "package.json"))("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error.message };
  } finally {
    await client.end().catch(() => {});
  }
}
