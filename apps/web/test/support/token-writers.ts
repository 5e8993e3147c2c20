import { DocumentsClient, type Versioned } from "@tandem/client";
import { createDatabase } from "@tandem/db";
import { failoverFetch, pgQuery, sqliteQuery, type TestDatabase } from "@tandem/testkit";
import { expect } from "vitest";

// Writers that each append unique tokens ("w3.7") to one document through the client's
// read-modify-write. Tokens make every write recognisable in the final state and in every
// revision, which a counter cannot: two increments look alike, two tokens never do.

export interface WriterRun {
  /** Tokens whose update() resolved, in the order they resolved. */
  acknowledged: string[];
  /** Tokens whose update() was called (acknowledged, failed, or cut short by a crash). */
  attempted: string[];
  /** update() calls that threw. */
  failures: unknown[];
  /** Attempts per acknowledged update (1 = no retry). */
  attempts: number[];
  /** Retries by reason, as update() reported them. */
  retries: { conflict: number; unavailable: number };
}

export interface WriterOptions {
  baseUrls: string[];
  documentId: string;
  writers: number;
  perWriter: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The personal access token every writer uses (one account, many concurrent clients). */
  token: string;
  /** Called after every acknowledged write with the count so far (a place to inject a fault). */
  onAcknowledged?: (count: number) => void;
  /** A writer stops at its first failed update (after a crash, the rest would only fail too). */
  stopOnFailure?: boolean;
  /** Called on every retry (the reason says whether the server was unavailable). */
  onRetry?: (reason: "conflict" | "unavailable") => void;
}

export function appendToken(cur: Versioned, token: string) {
  return { title: cur.doc.title, content: `${cur.doc.content}${token}\n` };
}

export function tokensOf(content: string): string[] {
  return content.split("\n").filter((t) => t !== "");
}

/** Runs `writers` concurrent writers, writer w preferring instance w mod N, failing over. */
export async function runTokenWriters(o: WriterOptions): Promise<WriterRun> {
  const run: WriterRun = { acknowledged: [], attempted: [], failures: [], attempts: [], retries: { conflict: 0, unavailable: 0 } };
  await Promise.all(
    Array.from({ length: o.writers }, async (_, w) => {
      const client = new DocumentsClient({
        baseUrl: "",
        fetch: failoverFetch(o.baseUrls, w),
        token: o.token,
        onRetry: ({ reason }) => {
          run.retries[reason]++;
          o.onRetry?.(reason);
        },
      });
      for (let k = 0; k < o.perWriter; k++) {
        const token = `w${w}.${k}`;
        run.attempted.push(token);
        try {
          const result = await client.update(o.documentId, (cur) => appendToken(cur, token), {
            maxAttempts: o.maxAttempts ?? 400,
            baseDelayMs: o.baseDelayMs ?? 5,
            maxDelayMs: o.maxDelayMs ?? 250,
            // After a write whose answer was lost: is the token already in?
            applied: (cur) => tokensOf(cur.doc.content).includes(token),
          });
          run.acknowledged.push(token);
          run.attempts.push(result.attempts);
          o.onAcknowledged?.(run.acknowledged.length);
        } catch (error) {
          run.failures.push(error);
          if (o.stopOnFailure) return;
        }
      }
    }),
  );
  return run;
}

interface RevisionRow {
  version: number;
  content: string;
  etag: string;
  kind: string;
}

interface DocumentRow {
  version: number;
  content: string;
  etag: string;
}

/**
 * What the database holds for a document: the row read directly, each revision through the
 * repository (its content rebuilt from the content store and checked against its checksum).
 */
export async function storedHistory(db: TestDatabase, id: string): Promise<{ doc: DocumentRow; revisions: RevisionRow[] }> {
  const docSql = `SELECT version, content, etag FROM "Document" WHERE id = $1`;
  const revSql = `SELECT version FROM "Revision" WHERE "documentId" = $1 ORDER BY version`;
  const [doc] = db.provider === "postgresql" ? await pgQuery<DocumentRow>(db.url, docSql, [id]) : sqliteQuery<DocumentRow>(db.name, docSql.replace("$1", "?"), [id]);
  const versions = db.provider === "postgresql" ? await pgQuery<{ version: number }>(db.url, revSql, [id]) : sqliteQuery<{ version: number }>(db.name, revSql.replace("$1", "?"), [id]);
  const database = createDatabase({ url: db.url, poolSize: 1 });
  try {
    const revisions: RevisionRow[] = [];
    for (const { version } of versions) {
      const revision = (await database.documents.findRevision(id, version))!;
      revisions.push({ version, content: revision.content, etag: revision.etag, kind: revision.kind });
    }
    // Every chain of the database rebuilds to its checksum: nothing half-stored anywhere.
    const problems: string[] = [];
    await database.documents.verifyRevisions((problem) => problems.push(problem));
    expect(problems).toEqual([]);
    return { doc: doc!, revisions };
  } finally {
    await database.close();
  }
}

/**
 * The invariants of a document written only by appending tokens, starting empty:
 * versions 1..N with exactly one revision each; revision k holds k-1 tokens and is revision
 * k-1 plus exactly one new token (no partial, lost or doubled write anywhere in the history);
 * the document is its last revision. Returns the final tokens.
 */
export async function expectIntactHistory(db: TestDatabase, id: string): Promise<string[]> {
  const { doc, revisions } = await storedHistory(db, id);
  expect(revisions.map((r) => r.version)).toEqual(Array.from({ length: doc.version }, (_, i) => i + 1));
  let previous: string[] = [];
  for (const r of revisions) {
    const tokens = tokensOf(r.content);
    expect(tokens, `revision ${r.version}`).toHaveLength(r.version - 1);
    expect(tokens.slice(0, -1), `revision ${r.version} extends revision ${r.version - 1}`).toEqual(r.version === 1 ? [] : previous);
    expect(r.etag.startsWith(`${r.version}.`), `revision ${r.version}'s ETag names its version`).toBe(true);
    previous = tokens;
  }
  expect(new Set(previous).size).toBe(previous.length);
  expect(doc.content).toBe(revisions.at(-1)!.content);
  expect(doc.etag).toBe(revisions.at(-1)!.etag);
  return previous;
}
