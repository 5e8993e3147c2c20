import { PAGE_LIMIT_MAX } from "@tandem/contract";
import { OPERATOR_HEADERS, testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer, type Api } from "./support/harness.ts";

// SQLite is the single-instance default; scale-out is PostgreSQL's job, so only there do two
// app instances share the database.
const INSTANCES = { sqlite: 1, postgresql: 2 } as const;

function put(api: Api, id: string, etag: string, content: string) {
  return api.request("PUT", `/api/documents/${id}`, { headers: { "if-match": etag }, body: { title: "race", content } });
}

for (const provider of testProviders()) {
  describe(`concurrent writes (${provider}, ${INSTANCES[provider]} instance(s))`, () => {
    const api = useServer(provider, {}, INSTANCES[provider]);
    const pick = (i: number) => api().apis[i % api().apis.length]!;

    it("instances that started at the same moment on an empty database are all healthy", async () => {
      for (const a of api().apis) {
        const h = await a.request("GET", "/api/health", { headers: OPERATOR_HEADERS });
        expect(h.body).toMatchObject({ status: "ok", database: "up", migrations: { current: true, pending: [] } });
      }
    });

    it("24 concurrent PUTs holding one ETag → exactly one 200, 23 × 412 carrying the winner", async () => {
      const d = await api().seed("race", "base\n");
      const replies = await Promise.all(Array.from({ length: 24 }, (_, i) => put(pick(i), d.id, d.etag, `writer ${i}\n`)));
      const ok = replies.filter((r) => r.status === 200);
      const failed = replies.filter((r) => r.status === 412);
      expect(ok).toHaveLength(1);
      expect(failed).toHaveLength(23);
      const winner = ok[0]!.body;
      for (const f of failed) {
        expect(f.body.current).toEqual(winner);
        expect(f.headers.get("etag")).toBe(ok[0]!.headers.get("etag"));
      }
      const revisions = await api().request("GET", `/api/documents/${d.id}/revisions`);
      expect(revisions.body.map((r: { version: number }) => r.version)).toEqual([1, 2]);
      expect((await api().request("GET", `/api/documents/${d.id}/revisions/2`)).body.content).toBe(winner.content);
    });

    it("24 concurrent creates of one new id with If-None-Match: * → one 201, 23 × 412", async () => {
      const id = `race-${Date.now().toString(36)}`;
      const replies = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          pick(i).request("PUT", `/api/documents/${id}`, { headers: { "if-none-match": "*" }, body: { title: "c", content: `creator ${i}` } }),
        ),
      );
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      expect(replies.filter((r) => r.status === 412)).toHaveLength(23);
      const revisions = await api().request("GET", `/api/documents/${id}/revisions`);
      expect(revisions.body).toHaveLength(1);
    });

    it("16 concurrent If-Match: * writes all succeed with contiguous versions", async () => {
      const d = await api().seed();
      const replies = await Promise.all(Array.from({ length: 16 }, (_, i) => put(pick(i), d.id, "*", `star ${i}`)));
      expect(replies.map((r) => r.status)).toEqual(Array(16).fill(200));
      expect(replies.map((r) => r.body.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 2));
      const revisions = await api().request("GET", `/api/documents/${d.id}/revisions`);
      expect(revisions.body.map((r: { version: number }) => r.version)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    });

    it("a DELETE and a PUT racing on one ETag: exactly one wins, the other gets 412", async () => {
      for (let round = 0; round < 5; round++) {
        const d = await api().seed();
        const [del, upd] = await Promise.all([
          pick(round).request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": d.etag } }),
          put(pick(round + 1), d.id, d.etag, "edit"),
        ]);
        expect([del.status, upd.status].sort()).toEqual(del.status === 204 ? [204, 412] : [200, 412]);
        const revisions = await api().request("GET", `/api/documents/${d.id}/revisions`);
        expect(revisions.body).toHaveLength(2);
      }
    });

    it("W workers × K read-modify-write increments with retry on 412 → exactly W × K", async () => {
      const W = 8;
      const K = 12;
      const d = await api().seed("counter", "0");
      let conflicts = 0;
      async function worker(w: number) {
        const a = pick(w);
        const first = await a.request("GET", `/api/documents/${d.id}`);
        let body = first.body;
        let etag = first.headers.get("etag")!;
        for (let k = 0; k < K; k++) {
          for (;;) {
            const r = await put(a, d.id, etag, String(Number(body.content) + 1));
            if (r.status === 200) {
              body = r.body;
              etag = r.headers.get("etag")!;
              break;
            }
            expect(r.status).toBe(412);
            conflicts++;
            // The 412 carries the current state: merge (here: re-increment) without a GET.
            body = r.body.current;
            etag = r.headers.get("etag")!;
          }
        }
      }
      await Promise.all(Array.from({ length: W }, (_, w) => worker(w)));
      const final = await api().request("GET", `/api/documents/${d.id}`);
      expect(final.body.content).toBe(String(W * K));
      expect(final.body.version).toBe(W * K + 1);
      // One page holds them all (W × K + 1 ≤ the largest page).
      const revisions = await api().request("GET", `/api/documents/${d.id}/revisions?limit=${PAGE_LIMIT_MAX}`);
      expect(revisions.body.map((r: { version: number }) => r.version)).toEqual(Array.from({ length: W * K + 1 }, (_, i) => i + 1));
      // Every revision holds the value of its version: no write was lost or applied twice.
      for (const v of [2, Math.floor(W * K / 2), W * K + 1]) {
        expect((await api().request("GET", `/api/documents/${d.id}/revisions/${v}`)).body.content).toBe(String(v - 1));
      }
      expect(conflicts).toBeGreaterThan(0);
    });
  });
}
