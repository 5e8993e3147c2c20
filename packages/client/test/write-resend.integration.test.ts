import { createTestDatabase, signUp, startServer, startTcpProxy, testProviders, type TestAccount, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentsClient, GoneError, NetworkError, WriteOutcomeUnknownError, type DocumentView, type RevisionSummary, type WriteRetryOptions } from "../src/index.ts";

// Every write, not only update(), resends a request whose answer was lost with the same
// Idempotency-Key and the same bytes. The answers are lost for real: a TCP proxy in front of the
// server resets the connection as the answer starts, after the server applied the write and
// kept its answer. On both databases: the keys are kept in each.

/** What a write case writes to: an account, and the document (id and ETag) where there is one. */
interface Target {
  account: TestAccount;
  id: string;
  etag: string;
}

interface WriteCase {
  name: string;
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  status: number;
  /** Made without the proxy. */
  setup(server: TestServer, account: TestAccount): Promise<Target>;
  write(client: DocumentsClient, target: Target, options: WriteRetryOptions): Promise<unknown>;
  /** The write was applied exactly once (and `result`, when given, is the answer to it). */
  appliedOnce(direct: DocumentsClient, target: Target, result?: unknown): Promise<void>;
}

const kinds = (revisions: RevisionSummary[]) => revisions.map((r) => r.kind);

let created = 0;
async function seeded(server: TestServer, account: TestAccount, content = "a\nb\n"): Promise<Target> {
  const { doc, etag } = await new DocumentsClient({ baseUrl: server.baseUrl, token: account.token }).create({ title: "t", content });
  return { account, id: doc.id, etag };
}

/** One version on top of the seeded one (one more revision), and the answer, if any, is that state. */
function updatedOnce(expected: Partial<DocumentView>): WriteCase["appliedOnce"] {
  return async (direct, t, result) => {
    const now = await direct.get(t.id);
    expect(now.doc).toMatchObject({ ...expected, version: 2 });
    expect(kinds(await direct.revisions(t.id))).toEqual(["create", "update"]);
    if (result) expect(result).toEqual(now);
  };
}

const WRITES: WriteCase[] = [
  {
    name: "client.create()",
    method: "POST",
    status: 201,
    // A new account: its list holds what this test created and nothing else.
    setup: async (server) => ({ account: await signUp(server.baseUrl, { name: `Cy${++created}` }), id: "", etag: "" }),
    write: (c, _t, options) => c.create({ title: "once", content: "c\n" }, options),
    async appliedOnce(direct, _t, result) {
      const docs = await direct.list();
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({ title: "once", version: 1 });
      expect(kinds(await direct.revisions(docs[0]!.id))).toEqual(["create"]);
      if (result) expect(result).toMatchObject({ doc: { id: docs[0]!.id, version: 1 } });
    },
  },
  {
    name: "client.createWithId()",
    method: "PUT",
    status: 201,
    setup: async (_server, account) => ({ account, id: `draft-${Date.now()}-${++created}`, etag: "" }),
    write: (c, t, options) => c.createWithId(t.id, { title: "draft", content: "c\n" }, options),
    async appliedOnce(direct, t, result) {
      expect((await direct.get(t.id)).doc).toMatchObject({ title: "draft", version: 1 });
      expect(kinds(await direct.revisions(t.id))).toEqual(["create"]);
      if (result) expect(result).toMatchObject({ doc: { id: t.id, version: 1 } });
    },
  },
  {
    name: "client.replace()",
    method: "PUT",
    status: 200,
    setup: seeded,
    write: (c, t, options) => c.replace(t.id, { title: "t", content: "replaced\n" }, { ...options, ifMatch: t.etag }),
    appliedOnce: updatedOnce({ content: "replaced\n" }),
  },
  {
    name: "client.patch()",
    method: "PATCH",
    status: 200,
    setup: seeded,
    write: (c, t, options) => c.patch(t.id, { title: "patched" }, { ...options, ifMatch: t.etag }),
    appliedOnce: updatedOnce({ title: "patched", content: "a\nb\n" }),
  },
  {
    name: "client.patchDiff()",
    method: "PATCH",
    status: 200,
    setup: seeded,
    write: (c, t, options) => c.patchDiff(t.id, "@@ -1,2 +1,2 @@\n a\n-b\n+c\n", { ...options, ifMatch: t.etag }),
    appliedOnce: updatedOnce({ content: "a\nc\n" }),
  },
  {
    name: "client.remove()",
    method: "DELETE",
    status: 204,
    setup: seeded,
    write: (c, t, options) => c.remove(t.id, { ...options, ifMatch: t.etag }),
    async appliedOnce(direct, t) {
      const gone = await direct.get(t.id).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(GoneError);
      expect((gone as GoneError).deleted).toMatchObject({ version: 2, deletedBy: "Ann" });
      expect(kinds(await direct.revisions(t.id))).toEqual(["create", "delete"]);
    },
  },
];

describe.each(testProviders())("every write resends an unanswered request with its Idempotency-Key (%s)", (provider) => {
  let db: TestDatabase;
  let server: TestServer;
  let ann: TestAccount;
  /** Every request as it was sent, answered or not; and every answer that arrived. */
  const sent: { method: string; headers: Headers; body: unknown }[] = [];
  const answers: { method: string; status: number; replayed: string | null }[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const method = init?.method ?? "GET";
    sent.push({ method, headers: new Headers(init?.headers), body: init?.body });
    const res = await fetch(input, init);
    answers.push({ method, status: res.status, replayed: res.headers.get("idempotent-replayed") });
    return res;
  };
  const direct = (account: TestAccount) => new DocumentsClient({ baseUrl: server.baseUrl, token: account.token });

  beforeAll(async () => {
    db = await createTestDatabase(provider);
    // The tests reach the server through a TCP proxy on another port: the Host they send names it.
    server = await startServer({ databaseUrl: db.url, env: { TANDEM_ALLOWED_HOSTS: "127.0.0.1" } });
    ann = await signUp(server.baseUrl, { name: "Ann" });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  /** A client through a proxy that can lose answers; `restoreOnRetry`: it stops before the first retry. */
  async function viaProxy(account: TestAccount, restoreOnRetry: boolean) {
    const proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(server.baseUrl).port) });
    const retries: { id: string; attempt: number; reason: string }[] = [];
    const client = new DocumentsClient({
      baseUrl: proxy.via(server.baseUrl).replace(/\/$/, ""),
      fetch: recordingFetch,
      token: account.token,
      onRetry: ({ id, attempt, reason }) => {
        retries.push({ id, attempt, reason });
        if (restoreOnRetry) proxy.restore();
      },
    });
    sent.length = 0;
    answers.length = 0;
    return { proxy, client, retries };
  }

  /** The attempts of the write: one key, one body, X-Tandem-Retry on the resends. */
  function expectOneRequest(method: string, attempts: number): string {
    const writes = sent.filter((r) => r.method === method);
    expect(writes).toHaveLength(attempts);
    const key = writes[0]!.headers.get("idempotency-key");
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    for (const [i, w] of writes.entries()) {
      expect(w.headers.get("idempotency-key")).toBe(key);
      expect(w.body).toEqual(writes[0]!.body);
      expect(w.headers.get("if-match")).toBe(writes[0]!.headers.get("if-match"));
      expect(w.headers.get("x-tandem-retry")).toBe(i === 0 ? null : String(i + 1));
    }
    return key!;
  }

  for (const w of WRITES) {
    describe(w.name, () => {
      it("its answer is lost after the server applied it: resent with the same key and bytes, it returns the first answer (replayed) — applied once", async () => {
        const target = await w.setup(server, ann);
        const { proxy, client, retries } = await viaProxy(target.account, true);
        try {
          proxy.dropResponses();
          const result = await w.write(client, target, { baseDelayMs: 1 });
          expectOneRequest(w.method, 2);
          expect(retries).toEqual([{ id: target.id, attempt: 1, reason: "unavailable" }]);
          // The only answer that arrived is the server's first one, replayed.
          expect(answers.filter((a) => a.method === w.method)).toEqual([{ method: w.method, status: w.status, replayed: "true" }]);
          await w.appliedOnce(direct(target.account), target, result);
        } finally {
          await proxy.close();
        }
      });

      it("every answer lost until maxAttempts: WriteOutcomeUnknownError with its key — applied once, and the same call with that key gets the first answer", async () => {
        const target = await w.setup(server, ann);
        const { proxy, client, retries } = await viaProxy(target.account, false);
        let error: unknown;
        try {
          proxy.dropResponses();
          error = await w.write(client, target, { baseDelayMs: 1, maxAttempts: 3 }).then(
            () => null,
            (e: unknown) => e,
          );
        } finally {
          await proxy.close();
        }
        expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
        const unknown = error as WriteOutcomeUnknownError;
        expect(unknown.cause).toBeInstanceOf(NetworkError);
        expect(unknown.current).toBeNull();
        expect(unknown.idempotencyKey).toBe(expectOneRequest(w.method, 3));
        expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
        await w.appliedOnce(direct(target.account), target);
        // Later, with the server reachable: the same call with the key is answered, not applied again.
        const again = await w.write(direct(target.account), target, { idempotencyKey: unknown.idempotencyKey! });
        await w.appliedOnce(direct(target.account), target, again);
      });
    });
  }

  describe("client.update()", () => {
    it("a refusal whose answer was lost is replayed to the resend: a conflict like any 412, so the change is applied again to the newer state", async () => {
      const target = await seeded(server, ann, "0");
      const rival = direct(ann);
      const { proxy, client, retries } = await viaProxy(ann, true);
      try {
        let calls = 0;
        const result = await client.update(
          target.id,
          async (cur) => {
            if (++calls === 1) {
              // Between the read and the write: a newer version, and the write's 412 is lost.
              await rival.replace(target.id, { title: "t", content: "0r" }, { ifMatch: target.etag });
              proxy.dropResponses();
            }
            return { title: "t", content: `${cur.doc.content}+` };
          },
          { baseDelayMs: 1 },
        );
        expect(calls).toBe(2);
        expect(retries.map((r) => r.reason)).toEqual(["unavailable", "conflict"]);
        expect(result).toMatchObject({ attempts: 3, doc: { content: "0r+", version: 3 } });
        const puts = sent.filter((r) => r.method === "PUT");
        expect(puts).toHaveLength(3);
        expect(puts[1]!.headers.get("idempotency-key")).toBe(puts[0]!.headers.get("idempotency-key"));
        expect(puts[2]!.headers.get("idempotency-key")).not.toBe(puts[0]!.headers.get("idempotency-key"));
        expect(answers.filter((a) => a.method === "PUT")).toEqual([
          { method: "PUT", status: 412, replayed: "true" },
          { method: "PUT", status: 200, replayed: null },
        ]);
        expect(kinds(await direct(ann).revisions(target.id))).toEqual(["create", "update", "update"]);
      } finally {
        await proxy.close();
      }
    });
  });
});
