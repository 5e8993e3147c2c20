import { createDatabase, type CasTarget, type DocumentsRepository } from "@tandem/db";
import { testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { compareAndSet, type WriteGuard, type WriteSpec, type Writer } from "@/features/documents/server/compare-and-set.ts";
import { useServer, type ServerState } from "./support/harness.ts";

const MERGE = { prefer: "merge" };

/**
 * The real repository of the suite's database, except that before the first compare-and-set
 * on `version` (the state a merge has just read) it lets `meanwhile` — a real write through
 * the server — commit. Records every compare-and-set it passes on, and what it gave.
 */
function writeBeforeCasOn(real: DocumentsRepository, version: number, meanwhile: () => Promise<void>) {
  const attempts: { version: number; written: boolean }[] = [];
  let done = false;
  const repo: DocumentsRepository = {
    ...real,
    async compareAndSet(target: CasTarget, change, stamp, kind) {
      if (!done && target.version === version) {
        done = true;
        await meanwhile();
      }
      const result = await real.compareAndSet(target, change, stamp, kind);
      attempts.push({ version: target.version, written: result.written });
      return result;
    },
  };
  return { repo, attempts };
}

/** What PUT with If-Match: <etag> and Prefer: merge hands the use case (document-routes.ts, replace-document.ts). */
function stalePutWithMerge(etagHeader: string, input: { title: string; content: string }): { guard: WriteGuard; spec: WriteSpec } {
  const etag = etagHeader.replace(/^"|"$/g, "");
  return {
    guard: { expectedEtag: etag, pinned: true, admits: (current) => current?.etag === etag, mayCreate: false, merge: true },
    spec: { change: () => input, kind: "update", create: input, mine: () => input, summary: null },
  };
}

function writerOf(s: ServerState): Writer {
  return { id: s.owner.id, name: s.owner.name, seesDocument: true, recheck: async () => "write" };
}

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

    it("against a deleted document: the usual 412 (current: null, who deleted it); nothing applied, nothing re-created, nothing shown to strangers", async () => {
      const d = await staleAfterBo("one\ntwo\nthree\n", "one\ntwo\nthree (Bo)\n");
      const v2 = (await api().request("GET", `/api/documents/${d.id}`)).headers.get("etag")!;
      expect((await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": v2 } })).status).toBe(204);
      const mine = { title: "Plan", content: "ONE (Ann)\ntwo\nthree\n" };
      const put = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, ...MERGE }, body: mine });
      const patch = await api().request("PATCH", `/api/documents/${d.id}`, {
        headers: { "if-match": d.etag, "content-type": "application/merge-patch+json", ...MERGE },
        raw: JSON.stringify({ content: mine.content }),
      });
      for (const r of [put, patch]) {
        expect(r.status).toBe(412);
        // The preference could not be applied: no Preference-Applied, no `merged`, no ETag to write over.
        expect([r.headers.get("preference-applied"), r.headers.get("etag")]).toEqual([null, null]);
        expect(r.body).toMatchObject({ code: "precondition-failed", current: null, deleted: { version: 3, deletedBy: "Ann" } });
        expect(r.body.merged).toBeUndefined();
      }
      // Someone with no role on it learns nothing: the 404 of a document that never existed.
      const stranger = await api().person("Cy");
      const probe = await stranger.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, ...MERGE }, body: mine });
      expect([probe.status, probe.body.code, probe.body.deleted, probe.body.current]).toEqual([404, "not-found", undefined, undefined]);
      // Still deleted, and its history is create, update, delete: nothing merged in.
      expect((await api().request("GET", `/api/documents/${d.id}`)).status).toBe(410);
      const revisions = (await api().request("GET", `/api/documents/${d.id}/revisions`)).body as { version: number; kind: string }[];
      expect(revisions.map((r) => [r.version, r.kind])).toEqual([[1, "create"], [2, "update"], [3, "delete"]]);
    });

    // The use case itself on the suite's real database: the repository is the real one, only
    // held at the moment that matters so another writer's real request commits exactly there.
    describe("a write that commits while the merge runs (between its read of the current state and its compare-and-set)", () => {
      const lines = ["one", "two", "three", "four", "five", "six", "seven"].map((l) => `${l}\n`);
      const edit = (at: number, who: string) => lines.map((l, i) => (i === at ? `${l.trimEnd()} (${who})\n` : l)).join("");

      it("the first compare-and-set fails, the retry merges over both newer versions: all three edits land, nothing lost", async () => {
        const s = api();
        const d = await staleAfterBo(lines.join(""), edit(3, "Bo"));
        const cy = await s.member(d.id, "Cy");
        const db = createDatabase({ url: s.db.url, poolSize: 2 });
        try {
          const { repo, attempts } = writeBeforeCasOn(db.documents, 2, async () => {
            const v2 = await cy.request("GET", `/api/documents/${d.id}`);
            const r = await cy.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": v2.headers.get("etag")! }, body: { title: "Plan", content: v2.body.content.replace("seven\n", "seven (Cy)\n") } });
            expect([r.status, r.body.version]).toEqual([200, 3]);
          });
          const { guard, spec } = stalePutWithMerge(d.etag, { title: "Plan", content: edit(0, "Ann") });
          const result = await compareAndSet(repo, d.id, guard, spec, writerOf(s));
          // 1: Ann's stale base (refused); 2: merged over Bo's, but Cy got in first; 3: merged over both.
          expect(attempts).toEqual([{ version: 1, written: false }, { version: 2, written: false }, { version: 3, written: true }]);
          expect(result.merged).toEqual({ base: 1, over: [2, 3] });
          expect(result.row).toMatchObject({ version: 4, content: "one (Ann)\ntwo\nthree\nfour (Bo)\nfive\nsix\nseven (Cy)\n", updatedBy: "Ann" });
        } finally {
          await db.close();
        }
        const final = await s.request("GET", `/api/documents/${d.id}`);
        expect(final.body).toMatchObject({ version: 4, content: "one (Ann)\ntwo\nthree\nfour (Bo)\nfive\nsix\nseven (Cy)\n" });
        const revisions = (await s.request("GET", `/api/documents/${d.id}/revisions`)).body as { version: number; author: string }[];
        expect(revisions.map((r) => [r.version, r.author])).toEqual([[1, "Ann"], [2, "Bo"], [3, "Cy"], [4, "Ann"]]);
      });

      it("a delete that commits there: the usual 412 of a deleted document, nothing applied, nothing re-created", async () => {
        const s = api();
        const d = await staleAfterBo(lines.join(""), edit(3, "Bo"));
        const db = createDatabase({ url: s.db.url, poolSize: 2 });
        try {
          const { repo, attempts } = writeBeforeCasOn(db.documents, 2, async () => {
            const v2 = (await s.request("GET", `/api/documents/${d.id}`)).headers.get("etag")!;
            expect((await s.request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": v2 } })).status).toBe(204);
          });
          const { guard, spec } = stalePutWithMerge(d.etag, { title: "Plan", content: edit(0, "Ann") });
          const refused = await compareAndSet(repo, d.id, guard, spec, writerOf(s)).then(
            () => null,
            (error: unknown) => error,
          );
          expect(attempts).toEqual([{ version: 1, written: false }, { version: 2, written: false }]);
          expect(refused).toMatchObject({ status: 412, code: "precondition-failed", extensions: { current: null, deleted: { version: 3, deletedBy: "Ann" } } });
        } finally {
          await db.close();
        }
        expect((await s.request("GET", `/api/documents/${d.id}`)).status).toBe(410);
        const revisions = (await s.request("GET", `/api/documents/${d.id}/revisions`)).body as { version: number; kind: string }[];
        expect(revisions.map((r) => [r.version, r.kind])).toEqual([[1, "create"], [2, "update"], [3, "delete"]]);
      });
    });
  });
}
