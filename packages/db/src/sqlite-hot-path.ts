import Database from "better-sqlite3";
import type { DocumentChange } from "./change-feed.ts";
import type { DocumentMeta, DocumentRow } from "./documents-repository.ts";
import {
  baseContentSql,
  casValues,
  chainRowOf,
  chainSqlOf,
  snapshotDataSqlOf,
  type StoredChainRow,
  revisionSqlOf,
  rootSqlOf,
  type StoredRevisionRow,
  chainSql,
  CONTENT_COLUMNS,
  contentWrite,
  firstContent,
  MEMBER_COLUMNS,
  META_COLUMNS,
  previousHashSql,
  principalBySessionSql,
  principalByTokenSql,
  REVISION_COLUMNS,
  REVISION_STAMP_FROM_ROW,
  revisionFromRow,
  ROW_COLUMNS,
  wantsRoot,
  type ContentWrite,
  type HotPath,
  type PrincipalRow,
} from "./hot-path.ts";
import { chainTooLong, rootTextOf, snapshotPlan } from "./revision-content.ts";

// Prisma stores SQLite DateTime as ISO-8601 text with a numeric offset; the same text keeps
// ORDER BY and comparisons consistent between rows written here and rows written by Prisma.
const toText = (date: Date) => date.toISOString().replace("Z", "+00:00");
const toDate = (text: string) => new Date(text);
const toNullableDate = (text: string | null) => (text === null ? null : new Date(text));

type Stored<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

function metaOf(row: Stored<DocumentMeta>): DocumentMeta {
  return { ...row, updatedAt: toDate(row.updatedAt), deletedAt: toNullableDate(row.deletedAt) };
}

type StoredPrincipal = Omit<PrincipalRow, "isAdmin" | "expiresAt"> & { isAdmin: number; expiresAt: string | null };

/** A principal, unless its session has run out. */
function principalOf(row: StoredPrincipal | undefined, now: number): PrincipalRow | null {
  if (!row) return null;
  const expiresAt = toNullableDate(row.expiresAt);
  if (expiresAt && expiresAt.getTime() <= now) return null;
  return { ...row, isAdmin: row.isAdmin === 1, expiresAt };
}

function rowOf(row: Stored<DocumentRow>): DocumentRow {
  return { ...row, createdAt: toDate(row.createdAt), updatedAt: toDate(row.updatedAt), deletedAt: toNullableDate(row.deletedAt) };
}

/**
 * The app's one writing connection to the SQLite file. Every write of the app runs here, each
 * in one synchronous transaction, so no write ever waits on another of this process (Prisma's
 * own connection only reads). A wait on another process (a CLI, the migrator) is bounded.
 */
export function createSqliteHotPath(
  file: string,
  { busyTimeoutMs = 5_000, synchronous = "full", announce = () => undefined }: { busyTimeoutMs?: number; synchronous?: "full" | "normal"; announce?: (change: DocumentChange) => void } = {},
): HotPath {
  const db = new Database(file, { timeout: busyTimeoutMs });
  // Switching to WAL needs the file to itself: when another process (a second instance
  // starting at the same moment) has switched it already there is nothing to do; when it holds
  // the file right now, wait and look again rather than fail the start.
  for (let attempt = 0; db.pragma("journal_mode", { simple: true }) !== "wal"; attempt++) {
    try {
      db.pragma("journal_mode = WAL");
    } catch (error) {
      if (attempt >= 50 || (error as { code?: string }).code !== "SQLITE_BUSY") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  // This connection makes every write of the app, so its setting is the app's durability.
  db.pragma(`synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.pragma("foreign_keys = ON");
  const selectRow = db.prepare<[string], Stored<DocumentRow>>(`SELECT ${ROW_COLUMNS} FROM "Document" WHERE "id" = ?`);
  const selectMeta = db.prepare<[string], Stored<DocumentMeta>>(`SELECT ${META_COLUMNS} FROM "Document" WHERE "id" = ?`);
  const insertDocument = db.prepare(`INSERT INTO "Document" (${ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT ("id") DO NOTHING`);
  // The revision of the row's new state; its content by hash, or (NULL) the version before's.
  const insertRevision = db.prepare<[{ hash: string | null; id: string; previous: number; kind: string }]>(
    `INSERT INTO "Revision" (${REVISION_COLUMNS}) SELECT ${revisionFromRow(`COALESCE(@hash, ${previousHashSql("@id", "@previous")})`)}, @kind, ${REVISION_STAMP_FROM_ROW} FROM "Document" WHERE "id" = @id`,
  );
  const chain = chainSql("@documentId", "@baseHash", "length(@data)");
  const insertContent = db.prepare<[Record<string, unknown>], { depth: number; chainBytes: number }>(
    `INSERT INTO "RevisionContent" (${CONTENT_COLUMNS}) VALUES (@documentId, @hash, @baseHash, ${chain.depth}, ${chain.chainBytes}, @size, @codec, @data)
     ON CONFLICT ("documentId", "hash") DO NOTHING RETURNING "depth", "chainBytes"`,
  );
  const resnapshot = db.prepare(`UPDATE "RevisionContent" SET "baseHash" = NULL, "depth" = 0, "chainBytes" = length(@data), "codec" = @codec, "data" = @data WHERE "documentId" = @documentId AND "hash" = @hash`);
  const selectChain = db.prepare<[{ p1: string; p2: number; p3: string }], StoredChainRow<Uint8Array>>(
    chainSqlOf((n) => `@p${n}`, { data: (column) => column, notHeld: (column) => `${column} NOT IN (SELECT "value" FROM json_each(@p3))`, lateral: false }),
  );
  const selectRevision = db.prepare<[{ p1: string; p2: number }], Stored<StoredRevisionRow>>(revisionSqlOf((n) => `@p${n}`));
  const selectSnapshotData = db.prepare<[{ p1: string; p2: string }], { data: Uint8Array; size: number }>(snapshotDataSqlOf((n) => `@p${n}`));
  const selectRoot = db.prepare<[{ p1: string; p2: string }], { hash: string; codec: string; size: number; data: Uint8Array }>(rootSqlOf((n) => `@p${n}`, { lateral: false, data: (column) => column }));
  /** The root of stored content `hash`'s chain, decoded (see planContent), or null. */
  const rootOf = (documentId: string, hash: string) => {
    const row = selectRoot.get({ p1: documentId, p2: hash });
    return rootTextOf(documentId, row && { ...row, baseHash: null });
  };
  const selectBase = db.prepare<[{ p1: string; p2: number }], { content: string; etag: string; hash: string }>(baseContentSql((n) => `@p${n}`));
  /** Stores a change's content row, if any, and keeps its chain short. */
  const storeContent = (documentId: string, { plan }: ContentWrite, content: string) => {
    if (!plan) return;
    const stored = insertContent.get({ documentId, hash: plan.hash, baseHash: plan.baseHash, size: plan.size, codec: plan.codec, data: plan.data });
    if (stored && chainTooLong(stored.depth, stored.chainBytes, plan.size)) resnapshot.run({ documentId, ...snapshotPlan(content, plan.hash) });
  };
  const insertOwner = db.prepare(`INSERT INTO "DocumentMember" (${MEMBER_COLUMNS}) VALUES (?, ?, 'owner', ?, ?)`);
  const byToken = db.prepare<[{ p1: string; p2: string | null }], StoredPrincipal>(principalByTokenSql((n) => `@p${n}`));
  const bySession = db.prepare<[{ p1: string; p2: string | null }], StoredPrincipal>(principalBySessionSql((n) => `@p${n}`));
  // One statement for every kind of change: a NULL leaves a column as it is.
  const update = db.prepare(`
    UPDATE "Document" SET
      "title" = COALESCE(@title, "title"),
      "content" = COALESCE(@content, "content"),
      "deletedAt" = CASE WHEN @setsDeletedAt THEN @deletedAt ELSE "deletedAt" END,
      "createdAt" = COALESCE(@createdAt, "createdAt"),
      "version" = @version, "etag" = @etag, "updatedAt" = @updatedAt, "updatedBy" = @updatedBy, "updatedById" = @updatedById, "summary" = @summary
    WHERE "id" = @id AND "version" = @expectedVersion AND (@expectedEtag IS NULL OR "etag" = @expectedEtag) AND ("deletedAt" IS NULL) = @live`);

  const insert = db.transaction((row: DocumentRow): number | null => {
    const { changes } = insertDocument.run(row.id, row.title, row.content, row.version, row.etag, toText(row.createdAt), toText(row.updatedAt), row.updatedBy, row.updatedById, row.summary);
    if (changes === 0) return null;
    const content = firstContent(row.content);
    storeContent(row.id, content, row.content);
    const revision = insertRevision.run({ hash: content.hash, id: row.id, previous: 0, kind: "create" });
    if (row.updatedById) insertOwner.run(row.id, row.updatedById, toText(row.createdAt), toText(row.createdAt));
    return Number(revision.lastInsertRowid);
  });
  // After the commit: this process is the only writer, so its own announcements are complete.
  const announced = (revisionId: number, row: DocumentRow, kind: DocumentChange["kind"]) =>
    announce({ revisionId, documentId: row.id, version: row.version, etag: row.etag, kind, updatedBy: row.updatedBy, updatedById: row.updatedById, summary: row.summary, updatedAt: row.updatedAt });

  const compareAndSet = db.transaction((...[target, change, stamp, kind]: Parameters<HotPath["compareAndSet"]>) => {
    const { kind: _kind, ...values } = casValues(target, change, stamp, kind, toText);
    // The content this change replaces, for its delta: read in the transaction, so exact.
    const base = change.content === undefined ? null : (selectBase.get({ p1: target.id, p2: target.version }) ?? null);
    // SQLite has no booleans: 1 and 0.
    const { changes } = update.run({ ...values, setsDeletedAt: values.setsDeletedAt ? 1 : 0, live: values.live ? 1 : 0 });
    let revisionId: number | null = null;
    if (changes === 1) {
      const root = wantsRoot(change, stamp.version, base) ? rootOf(target.id, base!.hash) : null;
      const content = contentWrite(change, stamp.version, base, root);
      storeContent(target.id, content, change.content ?? "");
      revisionId = Number(insertRevision.run({ hash: content.hash, id: target.id, previous: target.version, kind }).lastInsertRowid);
    }
    const row = selectRow.get(target.id);
    return { written: changes === 1, revisionId, row: row ? rowOf(row) : null };
  });

  return {
    async findRow(id) {
      const row = selectRow.get(id);
      return row ? rowOf(row) : null;
    },
    async findMeta(id) {
      const row = selectMeta.get(id);
      return row ? metaOf(row) : null;
    },
    async insert(row) {
      const revisionId = insert.immediate(row);
      if (revisionId === null) return false;
      announced(revisionId, row, "create");
      return true;
    },
    async compareAndSet(target, change, stamp, kind) {
      const { written, revisionId, row } = compareAndSet.immediate(target, change, stamp, kind);
      if (!written || !row) return { written: false, current: row };
      announced(revisionId!, row, kind);
      return { written: true, row };
    },
    async principalByToken(tokenHash, documentId) {
      return principalOf(byToken.get({ p1: tokenHash, p2: documentId }), Date.now());
    },
    async principalBySession(sessionToken, documentId) {
      return principalOf(bySession.get({ p1: sessionToken, p2: documentId }), Date.now());
    },
    async readChain(documentId, version, held) {
      return selectChain.all({ p1: documentId, p2: version, p3: JSON.stringify(held) }).map((row) => chainRowOf(row, (data) => data));
    },
    async findRevision(documentId, version) {
      const row = selectRevision.get({ p1: documentId, p2: version });
      return row ? { ...row, createdAt: toDate(row.createdAt) } : null;
    },
    async readSnapshotData(documentId, hash) {
      return selectSnapshotData.get({ p1: documentId, p2: hash }) ?? null;
    },
    async close() {
      db.close();
    },
  };
}
