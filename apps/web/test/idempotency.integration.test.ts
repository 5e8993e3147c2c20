import { IDEMPOTENCY_KEY_TTL_HOURS } from "@tandem/contract";
import { createDatabase } from "@tandem/db";
import { createTestDatabase, holdPgLocks, pgQuery, signUp, startServer, testProviders, waitForLockWait, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApi, useServer, type Api } from "./support/harness.ts";

const key = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

async function revisionCount(api: Api, id: string): Promise<number> {
  return (await api.request("GET", `/api/documents/${id}/revisions`)).body.length;
}

/** Makes a key's record as old as `hours` (its lifetime counted from then), in the database itself. */
async function ageRecord(db: TestDatabase, userId: string, k: string, hours: number): Promise<void> {
  const database = createDatabase({ url: db.url, poolSize: 1 });
  try {
    const createdAt = new Date(Date.now() - hours * 3_600_000);
    const expiresAt = new Date(createdAt.getTime() + IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000);
    const { count } = await database.prisma.idempotencyRecord.updateMany({ where: { userId, key: k }, data: { createdAt, expiresAt } });
    expect(count).toBe(1);
  } finally {
    await database.close();
  }
}

for (const provider of testProviders()) {
  describe(`Idempotency-Key on writes (${provider}${provider === "postgresql" ? ", two instances" : ""})`, () => {
    // PostgreSQL: a request held on a row lock (below) must outlast the few requests the test
    // sends meanwhile, however loaded the machine: statements may wait 30 s instead of 5 s.
    const api = useServer(provider, provider === "postgresql" ? { DATABASE_STATEMENT_TIMEOUT_MS: "30000" } : {}, provider === "postgresql" ? 2 : 1);
    const other = () => api().apis.at(-1)!;

    it("POST twice with one key: one document; the retry gets the first answer, marked as a replay", async () => {
      const k = key("post");
      const before = (await api().request("GET", "/api/documents")).body.length;
      const first = await api().request("POST", "/api/documents", { headers: { "idempotency-key": `"${k}"` }, body: { title: "Once", content: "x\n" } });
      const again = await other().request("POST", "/api/documents", { headers: { "idempotency-key": `"${k}"` }, body: { title: "Once", content: "x\n" } });
      expect(first.status).toBe(201);
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      expect([again.status, again.headers.get("idempotent-replayed"), again.headers.get("etag"), again.headers.get("location")]).toEqual([201, "true", first.headers.get("etag"), first.headers.get("location")]);
      expect(again.body).toEqual(first.body);
      expect((await api().request("GET", "/api/documents")).body.length).toBe(before + 1);
    });

    it("PUT retried with its key is applied once: one new revision, the same ETag in both answers", async () => {
      const d = await api().seed("Plan", "one\n");
      const k = key("put");
      const send = (a: Api) => a.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "two\n" } });
      const first = await send(api());
      const again = await send(other());
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await revisionCount(api(), d.id)).toBe(2);
    });

    it("a refusal is an answer too: a 412 is replayed as the same 412", async () => {
      const d = await api().seed("Plan", "one\n");
      await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "newer\n" } });
      const k = key("stale");
      const send = () => api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "mine\n" } });
      const first = await send();
      const again = await send();
      expect([first.status, again.status]).toEqual([412, 412]);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("tandem-conflict")).toBe(first.headers.get("tandem-conflict"));
    });

    it("the same key with a different request → 422, and nothing is applied", async () => {
      const d = await api().seed("Plan", "one\n");
      const k = key("mismatch");
      const first = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "two\n" } });
      const changed = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": first.headers.get("etag")!, "idempotency-key": k }, body: { title: "Plan", content: "three\n" } });
      expect(changed.status).toBe(422);
      expect(changed.body.code).toBe("idempotency-key-mismatch");
      expect((await api().request("GET", `/api/documents/${d.id}`)).body.content).toBe("two\n");
    });

    // Whether any duplicate lands while the first is in flight is up to the scheduler, so this
    // test asserts only what holds either way; the 409 itself is pinned down deterministically
    // below on PostgreSQL. On SQLite no such test exists without a hook in the server: every
    // write (the key's claim included) needs the file's one write lock, and the driver waits
    // for it synchronously, so a lock taken from outside freezes the whole process, not one
    // request after its claim.
    it("duplicates racing the first request: exactly one is applied, the others replay it or get 409", async () => {
      const d = await api().seed("Plan", "one\n");
      const k = key("race");
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) => api().apis[i % api().apis.length]!.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "raced\n" } })),
      );
      const applied = results.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === null);
      const replays = results.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === "true");
      const inUse = results.filter((r) => r.status === 409);
      expect(applied).toHaveLength(1);
      expect(replays.length + inUse.length).toBe(15);
      for (const r of inUse) expect([r.body.code, r.headers.get("retry-after")]).toEqual(["idempotency-key-in-use", "1"]);
      for (const r of replays) expect(r.headers.get("etag")).toBe(applied[0]!.headers.get("etag"));
      expect(await revisionCount(api(), d.id)).toBe(2);
    });

    it("keys belong to their user: another account's same key is a different request", async () => {
      const d = await api().seed("Plan", "one\n");
      const bo = await api().member(d.id, "Bo");
      const k = key("shared");
      const ann = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "ann\n" } });
      const bos = await bo.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": ann.headers.get("etag")!, "idempotency-key": k }, body: { title: "Plan", content: "bo\n" } });
      expect([ann.status, bos.status, bos.headers.get("idempotent-replayed")]).toEqual([200, 200, null]);
      expect(bos.body).toMatchObject({ content: "bo\n", updatedBy: "Bo" });
    });

    it("a dry run keeps nothing: the real request with the same key then runs", async () => {
      const d = await api().seed("Plan", "one\n");
      const k = key("dry");
      const dry = await api().request("PUT", `/api/documents/${d.id}?dryRun=true`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "two\n" } });
      const real = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "two\n" } });
      expect([dry.status, real.status, real.headers.get("idempotent-replayed")]).toEqual([200, 200, null]);
      expect(await revisionCount(api(), d.id)).toBe(2);
    });

    it.each([["x".repeat(256)], ["ünïcode"], ['"half'], [""]])("a malformed key %j → 400, nothing applied", async (value) => {
      const d = await api().seed("Plan", "one\n");
      const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": value }, body: { title: "Plan", content: "two\n" } }).catch(() => null);
      // fetch refuses non-Latin-1 header values itself; what reaches the server is refused.
      if (r) {
        expect(r.status).toBe(400);
        expect(r.body.code).toBe("invalid-header");
      }
      expect((await api().request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
    });

    it(`a record older than its ${IDEMPOTENCY_KEY_TTL_HOURS} hours is not replayed: the same request runs anew, and the key takes a new request`, async () => {
      const d = await api().seed("Plan", "one\n");
      const k = key("aged");
      const first = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "two\n" } });
      expect(first.status).toBe(200);
      await ageRecord(api().db, api().owner.id, k, IDEMPOTENCY_KEY_TTL_HOURS + 1);
      // The very same request: not the stored 200 again, but a new attempt, which finds its
      // If-Match stale (the first one applied it): 412, and nothing is applied twice.
      const same = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "two\n" } });
      expect([same.status, same.headers.get("idempotent-replayed"), same.body.code]).toEqual([412, null, "precondition-failed"]);
      expect(await revisionCount(api(), d.id)).toBe(2);
      await ageRecord(api().db, api().owner.id, k, IDEMPOTENCY_KEY_TTL_HOURS + 1);
      // A different request with the key: applied as new (not 422 for a key already used).
      const next = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": first.headers.get("etag")!, "idempotency-key": k }, body: { title: "Plan", content: "three\n" } });
      expect([next.status, next.headers.get("idempotent-replayed")]).toEqual([200, null]);
      expect(next.body).toMatchObject({ version: 3, content: "three\n" });
      expect(await revisionCount(api(), d.id)).toBe(3);
    });

    if (provider === "postgresql") {
      it("a duplicate while the first request is in flight → 409 with Retry-After; the first then completes, and a later duplicate replays it", async () => {
        const d = await api().seed("Plan", "one\n");
        const k = key("in-flight");
        const send = (a: Api) => a.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "two\n" } });
        // Another connection locks the document's row: the first request claims its key, then
        // its compare-and-set waits on that row, mid-request, until the lock is released.
        const lock = await holdPgLocks(api().db.url, `SELECT 1 FROM "Document" WHERE "id" = $1 FOR UPDATE`, [d.id]);
        const first = send(api());
        try {
          await waitForLockWait(api().db.url, 'UPDATE "Document"');
          const records = await pgQuery(api().db.url, `SELECT "state" FROM "IdempotencyRecord" WHERE "userId" = $1 AND "key" = $2`, [api().owner.id, k]);
          expect(records).toEqual([{ state: "in-flight" }]);
          // The duplicate reaches the other instance: the key is held, the answer not known yet.
          const duplicate = await send(other());
          expect([duplicate.status, duplicate.body.code, duplicate.headers.get("retry-after"), duplicate.headers.get("idempotent-replayed")]).toEqual([409, "idempotency-key-in-use", "1", null]);
          expect((await api().request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
        } finally {
          await lock.release();
        }
        const answer = await first;
        expect([answer.status, answer.headers.get("idempotent-replayed")]).toEqual([200, null]);
        const later = await send(other());
        expect([later.status, later.headers.get("idempotent-replayed"), later.headers.get("etag")]).toEqual([200, "true", answer.headers.get("etag")]);
        expect(later.body).toEqual(answer.body);
        expect(await revisionCount(api(), d.id)).toBe(2);
      });
    }
  });

  describe(`Idempotency-Key across a server restart (${provider})`, () => {
    let db: TestDatabase | undefined;
    let server: TestServer | undefined;
    beforeAll(async () => {
      db = await createTestDatabase(provider);
    });
    afterAll(async () => {
      await server?.stop();
      await db?.drop();
    });

    it("kept in the database: after kill -9 and a new process on the same database, a duplicate gets the first answer (status, ETag, body) and nothing is applied twice", async () => {
      const before = await startServer({ databaseUrl: db!.url });
      server = before;
      const ann = await signUp(before.baseUrl, { name: "Ann" });
      const d = await makeApi(before.baseUrl, ann).seed("Plan", "one\n");
      const k = key("restart");
      const send = (a: Api) => a.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body: { title: "Plan", content: "two\n" } });
      const first = await send(makeApi(before.baseUrl, ann));
      expect([first.status, first.headers.get("idempotent-replayed")]).toEqual([200, null]);
      await before.kill9();
      const after = await startServer({ databaseUrl: db!.url });
      server = after;
      expect(after.pid).not.toBe(before.pid);
      const api = makeApi(after.baseUrl, ann);
      const again = await send(api);
      expect([again.status, again.headers.get("idempotent-replayed"), again.headers.get("etag")]).toEqual([200, "true", first.headers.get("etag")]);
      expect(again.body).toEqual(first.body);
      expect((await api.request("GET", `/api/documents/${d.id}`)).body).toMatchObject({ version: 2, content: "two\n" });
      expect(await revisionCount(api, d.id)).toBe(2);
    });
  });
}
