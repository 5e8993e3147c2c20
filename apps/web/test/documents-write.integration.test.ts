import { testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer, type Api } from "./support/harness.ts";

const JSON_HEADERS = { "content-type": "application/json" };

async function current(api: Api, id: string) {
  return api.request("GET", `/api/documents/${id}`);
}

for (const provider of testProviders()) {
  describe(`documents API, writing (${provider})`, () => {
    const api = useServer(provider);

    describe("PUT /api/documents/:id", () => {
      it("without a precondition → 428 that says how to resubmit, and nothing changes", async () => {
        const d = await api().seed("keep", "keep\n");
        const r = await api().request("PUT", `/api/documents/${d.id}`, { body: { title: "x", content: "y" } });
        expect(r.status).toBe(428);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
        expect(r.body).toMatchObject({ status: 428, code: "precondition-required", title: "Precondition Required" });
        expect(r.body.detail).toMatch(/If-Match/);
        expect((await current(api(), d.id)).body).toMatchObject({ title: "keep", version: 1 });
      });

      it("If-Unmodified-Since alone is not enough (second resolution) → 428", async () => {
        const d = await api().seed();
        const r = await api().request("PUT", `/api/documents/${d.id}`, {
          headers: { "if-unmodified-since": new Date(Date.now() + 60_000).toUTCString() },
          body: { title: "x", content: "y" },
        });
        expect(r.status).toBe(428);
      });

      it("matching If-Match → 200, version + 1, new ETag, document as body, revision stored", async () => {
        const d = await api().seed("a", "a\n");
        const cy = await api().member(d.id, "Cy");
        const r = await cy.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "b", content: "b\n" } });
        expect(r.status).toBe(200);
        const etag = r.headers.get("etag")!;
        expect(etag).not.toBe(d.etag);
        expect(r.body).toMatchObject({ id: d.id, title: "b", content: "b\n", version: 2, updatedBy: "Cy", updatedById: cy.account.id });
        const g = await current(api(), d.id);
        expect(g.headers.get("etag")).toBe(etag);
        expect(g.body).toEqual(r.body);
        const rev = await api().request("GET", `/api/documents/${d.id}/revisions/2`);
        expect(rev.body).toMatchObject({ title: "b", content: "b\n", author: "Cy", authorId: cy.account.id, etag: etag.slice(1, -1) });
      });

      it("stale If-Match → 412 with the full current document and its ETag; nothing changes", async () => {
        const d = await api().seed("base", "base\n");
        const winner = await api().member(d.id, "Winner");
        const first = await winner.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "w", content: "winner\n" } });
        const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "l", content: "loser\n" } });
        expect(r.status).toBe(412);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
        expect(r.headers.get("etag")).toBe(first.headers.get("etag"));
        expect(r.body.current).toEqual(first.body);
        expect(r.body.current).toMatchObject({ version: 2, content: "winner\n", updatedBy: "Winner" });
        expect((await current(api(), d.id)).body.content).toBe("winner\n");
      });

      it.each([
        ["a weak tag never matches (strong comparison)", (e: string) => `W/${e}`, 412],
        ["a list matches when any member does", (e: string) => `"1.zzz", ${e}`, 200],
        ["a list of only stale tags", () => `"1.zzz", "2.yyy"`, 412],
        ["* matches any existing document", () => "*", 200],
      ])("%s", async (_name, value, status) => {
        const d = await api().seed();
        const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": value(d.etag) }, body: { title: "t", content: "c" } });
        expect(r.status).toBe(status);
        expect((await current(api(), d.id)).body.version).toBe(status === 200 ? 2 : 1);
      });

      it.each(['"unterminated', "no-quotes", '"a" "b"', 'W/ "a"', '"a", *', ""])("malformed If-Match %j → 400, never applied", async (value) => {
        const d = await api().seed();
        const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": value }, body: { title: "t", content: "c" } });
        expect(r.status).toBe(400);
        expect(r.body.code).toBe("invalid-precondition");
        expect((await current(api(), d.id)).body.version).toBe(1);
      });

      it("If-Match on an id that never existed → 404", async () => {
        const r = await api().request("PUT", "/api/documents/never-was", { headers: { "if-match": "*" }, body: { title: "t", content: "c" } });
        expect(r.status).toBe(404);
      });

      it("If-None-Match: * on a new id → 201 create with that id; again → 412", async () => {
        const id = `draft-${Date.now()}`;
        const r = await api().request("PUT", `/api/documents/${id}`, { headers: { "if-none-match": "*" }, body: { title: "draft", content: "offline\n" } });
        expect(r.status).toBe(201);
        expect(r.headers.get("location")).toBe(`/api/documents/${id}`);
        expect(r.body).toMatchObject({ id, version: 1, updatedBy: "Ann", updatedById: api().owner.id });
        const again = await api().request("PUT", `/api/documents/${id}`, { headers: { "if-none-match": "*" }, body: { title: "x", content: "x" } });
        expect(again.status).toBe(412);
        expect(again.body.current).toMatchObject({ id, content: "offline\n" });
        expect(again.headers.get("etag")).toBe(r.headers.get("etag"));
      });

      it.each([
        ["too long", "x".repeat(65)],
        ["a quote", "a%22b"],
        ["a space", "a%20b"],
        ["a leading dash", "-abc"],
      ])("If-None-Match: * with an id that is %s → 400", async (_name, id) => {
        const r = await api().request("PUT", `/api/documents/${id}`, { headers: { "if-none-match": "*" }, body: { title: "t", content: "c" } });
        expect(r.status).toBe(400);
        expect(r.body.detail).toMatch(/id must be/);
      });
    });

    describe("PATCH /api/documents/:id", () => {
      const MERGE = { "content-type": "application/merge-patch+json" };

      it("applies a JSON merge patch: only the members present change", async () => {
        const d = await api().seed("title", "content stays\n");
        const r = await api().request("PATCH", `/api/documents/${d.id}`, { headers: { ...MERGE, "if-match": d.etag }, raw: JSON.stringify({ title: "renamed" }) });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ title: "renamed", content: "content stays\n", version: 2 });
        expect(r.headers.get("etag")).not.toBe(d.etag);
        const rev = await api().request("GET", `/api/documents/${d.id}/revisions/2`);
        expect(rev.body).toMatchObject({ title: "renamed", content: "content stays\n" });
      });

      it("other media types → 415 with Accept-Patch", async () => {
        const d = await api().seed();
        for (const type of ["application/json", "text/plain", "application/json-patch+json"]) {
          const r = await api().request("PATCH", `/api/documents/${d.id}`, { headers: { "content-type": type, "if-match": d.etag }, raw: '{"title":"x"}' });
          expect(r.status).toBe(415);
          expect(r.headers.get("accept-patch")).toBe("application/merge-patch+json, text/x-diff");
        }
        expect((await current(api(), d.id)).body.version).toBe(1);
      });

      it("same precondition rules: 428 without, 412 when stale", async () => {
        const d = await api().seed();
        expect((await api().request("PATCH", `/api/documents/${d.id}`, { headers: MERGE, raw: '{"title":"x"}' })).status).toBe(428);
        await api().request("PATCH", `/api/documents/${d.id}`, { headers: { ...MERGE, "if-match": d.etag }, raw: '{"title":"y"}' });
        const stale = await api().request("PATCH", `/api/documents/${d.id}`, { headers: { ...MERGE, "if-match": d.etag }, raw: '{"title":"z"}' });
        expect(stale.status).toBe(412);
        expect(stale.body.current).toMatchObject({ title: "y", version: 2 });
      });

      it.each([
        ['{"title": null}', "cannot be null"],
        ['{"content": 5}', "content"],
        ["{}", "must change"],
        ['{"owner": "x"}', "owner"],
        ["[]", "(body)"],
      ])("patch %s → 422, nothing changes", async (raw, message) => {
        const d = await api().seed();
        const r = await api().request("PATCH", `/api/documents/${d.id}`, { headers: { ...MERGE, "if-match": d.etag }, raw });
        expect(r.status).toBe(422);
        expect(r.body.detail).toContain(message);
        expect((await current(api(), d.id)).body.version).toBe(1);
      });
    });

    describe("DELETE /api/documents/:id", () => {
      it("with If-Match → 204; afterwards GET → 410 and the revisions remain", async () => {
        const d = await api().seed("bye", "bye\n");
        const r = await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": d.etag } });
        expect(r.status).toBe(204);
        expect(r.text).toBe("");
        const g = await current(api(), d.id);
        expect(g.status).toBe(410);
        expect(g.body.deleted).toMatchObject({ version: 2, deletedBy: "Ann" });
        const revs = await api().request("GET", `/api/documents/${d.id}/revisions`);
        expect(revs.body.map((x: { kind: string }) => x.kind)).toEqual(["create", "delete"]);
        const last = await api().request("GET", `/api/documents/${d.id}/revisions/2`);
        expect(last.body).toMatchObject({ deleted: true, content: "bye\n", author: "Ann" });
      });

      it("same precondition rules: 428 without, 412 when stale", async () => {
        const d = await api().seed();
        expect((await api().request("DELETE", `/api/documents/${d.id}`)).status).toBe(428);
        await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "t", content: "newer" } });
        const stale = await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": d.etag } });
        expect(stale.status).toBe(412);
        expect(stale.body.current.content).toBe("newer");
        expect((await current(api(), d.id)).status).toBe(200);
      });

      it("writes to a deleted document → 412 that says who deleted it", async () => {
        const d = await api().seed();
        await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": d.etag } });
        for (const [method, init] of [
          ["PUT", { headers: { "if-match": d.etag }, body: { title: "t", content: "c" } }],
          ["PUT", { headers: { "if-match": "*" }, body: { title: "t", content: "c" } }],
          ["DELETE", { headers: { "if-match": "*" } }],
        ] as const) {
          const r = await api().request(method, `/api/documents/${d.id}`, init);
          expect(r.status).toBe(412);
          expect(r.body.current).toBeNull();
          expect(r.body.deleted).toMatchObject({ deletedBy: "Ann" });
        }
      });

      it("re-creating a deleted id continues its versions, and no ETag is ever reused", async () => {
        const d = await api().seed("life 1");
        const seen = [d.etag];
        let etag = d.etag;
        for (let i = 0; i < 3; i++) {
          const put = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": etag }, body: { title: "life 1", content: `edit ${i}` } });
          etag = put.headers.get("etag")!;
          seen.push(etag);
        }
        await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": etag } });
        const revived = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-none-match": "*" }, body: { title: "life 2", content: "edit 0" } });
        expect(revived.status).toBe(201);
        expect(revived.body.version).toBe(6);
        seen.push(revived.headers.get("etag")!);
        // The same content as an earlier state still gets a different validator.
        expect(new Set(seen).size).toBe(seen.length);
        for (const old of seen.slice(0, -1)) {
          const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": old }, body: { title: "x", content: "x" } });
          expect(r.status).toBe(412);
          expect((await api().request("GET", `/api/documents/${d.id}`, { headers: { "if-none-match": old } })).status).toBe(200);
        }
        const revs = await api().request("GET", `/api/documents/${d.id}/revisions`);
        expect(revs.body.map((x: { version: number }) => x.version)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(revs.body.map((x: { kind: string }) => x.kind)).toEqual(["create", "update", "update", "update", "delete", "recreate"]);
      });
    });

    describe("request bodies", () => {
      it("POST and PUT need JSON → 415 otherwise", async () => {
        const d = await api().seed();
        const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "content-type": "text/plain", "if-match": d.etag }, raw: '{"title":"t","content":"c"}' });
        expect(r.status).toBe(415);
        const p = await api().request("POST", "/api/documents", { headers: { "content-type": "application/x-www-form-urlencoded" }, raw: "title=t" });
        expect(p.status).toBe(415);
      });

      it.each([
        ["{not json", 400, "invalid-json"],
        ["", 400, "invalid-json"],
        ['{"title": "t", "content": 1}', 422, "validation-failed"],
        ['{"title": "t"}', 422, "validation-failed"],
        ['{"title": ["t"], "content": "c"}', 422, "validation-failed"],
        ['{"title": "t", "content": "c", "extra": true}', 422, "validation-failed"],
        ['"just a string"', 422, "validation-failed"],
        ['{"title": "two\\nlines", "content": "c"}', 422, "validation-failed"],
      ])("body %j → %i %s, nothing changes", async (raw, status, code) => {
        const d = await api().seed();
        const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { ...JSON_HEADERS, "if-match": d.etag }, raw });
        expect(r.status).toBe(status);
        expect(r.body.code).toBe(code);
        expect((await current(api(), d.id)).body.version).toBe(1);
      });

      it("invalid UTF-8 bytes → 400", async () => {
        const d = await api().seed();
        const raw = Buffer.concat([Buffer.from('{"title":"t","content":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
        const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { ...JSON_HEADERS, "if-match": d.etag }, raw });
        expect(r.status).toBe(400);
      });

      it.each([
        ["NUL in content", '{"title":"t","content":"a\\u0000b"}'],
        ["NUL in title", '{"title":"a\\u0000","content":"c"}'],
        ["a lone surrogate", '{"title":"t","content":"a\\ud800b"}'],
      ])("%s → 422 on every database", async (_name, raw) => {
        const d = await api().seed();
        const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { ...JSON_HEADERS, "if-match": d.etag }, raw });
        expect(r.status).toBe(422);
        const p = await api().request("POST", "/api/documents", { headers: JSON_HEADERS, raw });
        expect(p.status).toBe(422);
      });

      it("Unicode, CRLF, tabs, mixed line ends and no final newline round-trip exactly", async () => {
        const content = "Zeile 1\r\nline\t2\rthree\n\u00e9\u0301 e\u0301 \u{1f468}\u200d\u{1f469}\u200d\u{1f467} \u05e9\u05dc\u05d5\u05dd \ufeff\u2028end";
        const title = "T\u00eftle \u{1f680}\t\u0000".slice(0, -1);
        const d = await api().seed(title, content);
        expect(d.body.content).toBe(content);
        const g = await current(api(), d.id);
        expect(g.body.content).toBe(content);
        expect(g.body.title).toBe(title);
        expect(Buffer.from(g.body.content, "utf8").equals(Buffer.from(content, "utf8"))).toBe(true);
        const rev = await api().request("GET", `/api/documents/${d.id}/revisions/1`);
        expect(rev.body.content).toBe(content);
      });

      it("X-Author sets nothing: the author is the account the credentials belong to, whatever the header says", async () => {
        const d = await api().seed();
        const zoe = await api().member(d.id, "Zoë Ångström");
        for (const claimed of [encodeURIComponent("Ann"), encodeURIComponent("\u202Eevil"), "x".repeat(500)]) {
          const before = await current(api(), d.id);
          const r = await zoe.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": before.headers.get("etag")!, "x-author": claimed }, body: { title: "t", content: claimed } });
          expect(r.status).toBe(200);
          expect(r.body).toMatchObject({ updatedBy: "Zoë Ångström", updatedById: zoe.account.id });
        }
        const revisions = await api().request("GET", `/api/documents/${d.id}/revisions`);
        expect(revisions.body.slice(1).map((x: { author: string }) => x.author)).toEqual(["Zoë Ångström", "Zoë Ångström", "Zoë Ångström"]);
      });
    });
  });
}
