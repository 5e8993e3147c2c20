import { startServer, testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { makeApi, useServer, type Api } from "./support/harness.ts";

const key = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

async function revisionCount(api: Api, id: string): Promise<number> {
  return (await api.request("GET", `/api/documents/${id}/revisions`)).body.length;
}

for (const provider of testProviders()) {
  describe(`Idempotency-Key on writes (${provider}${provider === "postgresql" ? ", two instances" : ""})`, () => {
    const api = useServer(provider, {}, provider === "postgresql" ? 2 : 1);
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

    it("kept in the database: a new server process still replays", async () => {
      const d = await api().seed("Plan", "one\n");
      const k = key("restart");
      const body = { title: "Plan", content: "two\n" };
      const first = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body });
      const fresh = await startServer({ databaseUrl: api().db.url });
      try {
        const again = await makeApi(fresh.baseUrl, api().owner).request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": k }, body });
        expect([again.status, again.headers.get("idempotent-replayed"), again.headers.get("etag")]).toEqual([200, "true", first.headers.get("etag")]);
      } finally {
        await fresh.stop();
      }
    });
  });
}
