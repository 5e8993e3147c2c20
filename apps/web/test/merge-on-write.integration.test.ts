import { testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer } from "./support/harness.ts";

const MERGE = { prefer: "merge" };

for (const provider of testProviders()) {
  describe(`PUT/PATCH /api/documents/:id with Prefer: merge (${provider})`, () => {
    const api = useServer(provider);

    /** v1 = base; Bo saves v2 from it; returns Ann's stale ETag (v1). */
    async function staleAfterBo(base: string, bo: string, title = "Plan") {
      const d = await api().seed(title, base);
      const r = await (await api().member(d.id, "Bo")).request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title, content: bo } });
      expect(r.status).toBe(200);
      return d;
    }

    it("a stale write that touches other lines is merged over the newer version: 200, Preference-Applied, merged", async () => {
      const d = await staleAfterBo("one\ntwo\nthree\nfour\n", "one\ntwo\nthree\nFOUR (Bo)\n");
      const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, ...MERGE }, body: { title: "Plan", content: "ONE (Ann)\ntwo\nthree\nfour\n" } });
      expect(r.status).toBe(200);
      expect(r.headers.get("preference-applied")).toBe("merge");
      expect(r.body).toMatchObject({ content: "ONE (Ann)\ntwo\nthree\nFOUR (Bo)\n", version: 3, merged: { base: 1, over: [2] } });
      expect(r.headers.get("etag")).toMatch(/^"3\./);
      const revisions = await api().request("GET", `/api/documents/${d.id}/revisions`);
      expect((revisions.body as { version: number }[]).map((x) => x.version)).toEqual([1, 2, 3]);
    });

    it("title and content merge separately: a title-only PATCH over a content change", async () => {
      const d = await staleAfterBo("a\nb\n", "a\nb\nc (Bo)\n");
      const r = await api().request("PATCH", `/api/documents/${d.id}`, {
        headers: { "if-match": d.etag, "content-type": "application/merge-patch+json", ...MERGE },
        raw: JSON.stringify({ title: "Renamed by Ann" }),
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ title: "Renamed by Ann", content: "a\nb\nc (Bo)\n", merged: { base: 1, over: [2] } });
    });

    it("a true conflict → 409 with current and the conflicts (base, mine, theirs, ids, positions); nothing applied", async () => {
      const d = await staleAfterBo("one\ntwo\nthree\n", "one\nTWO (Bo)\nthree\n");
      const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, ...MERGE }, body: { title: "Plan", content: "one\nTWO (Ann)\nthree\n" } });
      expect(r.status).toBe(409);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.headers.get("etag")).toMatch(/^"2\./);
      expect(r.body).toMatchObject({ code: "conflict", current: { version: 2, content: "one\nTWO (Bo)\nthree\n" }, conflicts: { title: [] } });
      const [chunk] = (r.body as { conflicts: { content: Record<string, unknown>[] } }).conflicts.content;
      expect(chunk).toMatchObject({ kind: "conflict", base: ["two\n"], mine: ["TWO (Ann)\n"], theirs: ["TWO (Bo)\n"], baseStart: 1, mineStart: 1, theirsStart: 1, id: expect.any(String) });
      expect((await api().request("GET", `/api/documents/${d.id}`)).body).toMatchObject({ version: 2, content: "one\nTWO (Bo)\nthree\n" });
    });

    it("without Prefer: merge, or with a base that is not a revision of this document, a stale write is the usual 412", async () => {
      const d = await staleAfterBo("x\ny\n", "x\ny (Bo)\n");
      const plain = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "x (Ann)\ny\n" } });
      expect(plain.status).toBe(412);
      const unknown = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": '"1.not-a-revision"', ...MERGE }, body: { title: "Plan", content: "x (Ann)\ny\n" } });
      expect(unknown.status).toBe(412);
      expect(unknown.body).toMatchObject({ code: "precondition-failed", current: { version: 2 } });
      expect((await api().request("GET", `/api/documents/${d.id}`)).body).toMatchObject({ version: 2 });
    });

    it("writers racing from one version, each on its own line, all land: nobody's edit is lost", async () => {
      const lines = Array.from({ length: 16 }, (_, i) => `line ${i}\n`);
      const d = await api().seed("race", lines.join(""));
      const writers = Array.from({ length: 6 }, (_, w) => w * 2 + 1);
      const results = await Promise.all(
        writers.map((line) => {
          const mine = lines.map((l, i) => (i === line ? `line ${i} by writer ${line}\n` : l)).join("");
          return api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, ...MERGE }, body: { title: "race", content: mine } });
        }),
      );
      expect(results.map((r) => r.status)).toEqual(writers.map(() => 200));
      const final = (await api().request("GET", `/api/documents/${d.id}`)).body as { content: string; version: number };
      expect(final.version).toBe(1 + writers.length);
      for (const line of writers) expect(final.content).toContain(`line ${line} by writer ${line}\n`);
    });
  });
}
