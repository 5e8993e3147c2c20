import { testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer } from "./support/harness.ts";

for (const provider of testProviders()) {
  describe(`documents API, reading (${provider})`, () => {
    const api = useServer(provider);

    describe("GET /api/documents", () => {
      it("lists live documents without content, newest first", async () => {
        const a = await api().seed("first");
        const b = await api().seed("second");
        const r = await api().request("GET", "/api/documents");
        expect(r.status).toBe(200);
        expect(r.headers.get("cache-control")).toMatch(/no-cache/);
        const ids = r.body.map((d: { id: string }) => d.id);
        expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
        const listed = r.body.find((d: { id: string }) => d.id === a.id);
        expect(Object.keys(listed).sort()).toEqual(["id", "role", "title", "updatedAt", "updatedBy", "updatedById", "version"]);
        expect(listed).toMatchObject({ title: "first", version: 1 });
      });

      it("omits deleted documents", async () => {
        const d = await api().seed("to delete");
        expect((await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": d.etag } })).status).toBe(204);
        const r = await api().request("GET", "/api/documents");
        expect(r.body.some((x: { id: string }) => x.id === d.id)).toBe(false);
      });
    });

    describe("POST /api/documents", () => {
      it("creates with 201, Location, a strong ETag and the document as body", async () => {
        const r = await api().request("POST", "/api/documents", { body: { title: "Hello", content: "hi\n" } });
        expect(r.status).toBe(201);
        expect(r.headers.get("location")).toBe(`/api/documents/${r.body.id}`);
        expect(r.headers.get("etag")).toMatch(/^"[^"]+"$/);
        expect(r.body).toMatchObject({ title: "Hello", content: "hi\n", version: 1, updatedBy: "Ann" });
        const again = await api().request("GET", r.headers.get("location")!);
        expect(again.headers.get("etag")).toBe(r.headers.get("etag"));
      });
    });

    describe("GET|HEAD /api/documents/:id", () => {
      it("answers 200 with ETag, Last-Modified, Cache-Control and the document", async () => {
        const d = await api().seed("Read me", "body\n");
        const r = await api().request("GET", `/api/documents/${d.id}`);
        expect(r.status).toBe(200);
        expect(r.headers.get("etag")).toBe(d.etag);
        expect(r.headers.get("cache-control")).toBe("private, no-cache");
        expect(new Date(r.headers.get("last-modified")!).getTime()).toBe(Math.floor(Date.parse(r.body.updatedAt) / 1000) * 1000);
        expect(r.body).toEqual({
          id: d.id,
          title: "Read me",
          content: "body\n",
          version: 1,
          createdAt: d.body.createdAt,
          updatedAt: d.body.updatedAt,
          updatedBy: "Ann",
          updatedById: api().owner.id,
          summary: null,
        });
      });

      it("HEAD has the same validators and no body", async () => {
        const d = await api().seed();
        const r = await api().request("HEAD", `/api/documents/${d.id}`);
        expect(r.status).toBe(200);
        expect(r.text).toBe("");
        expect(r.headers.get("etag")).toBe(d.etag);
        expect(r.headers.get("cache-control")).toBe("private, no-cache");
      });

      it.each([
        ["the same tag", (e: string) => e],
        ["the weak form of the tag (weak comparison)", (e: string) => `W/${e}`],
        ["a list containing the tag", (e: string) => `"nope", ${e}, "other"`],
        ["*", () => "*"],
      ])("If-None-Match with %s → 304 with ETag and cache headers, no body", async (_name, value) => {
        const d = await api().seed();
        for (const method of ["GET", "HEAD"]) {
          const r = await api().request(method, `/api/documents/${d.id}`, { headers: { "if-none-match": value(d.etag) } });
          expect(r.status).toBe(304);
          expect(r.text).toBe("");
          expect(r.headers.get("etag")).toBe(d.etag);
          expect(r.headers.get("cache-control")).toBe("private, no-cache");
        }
      });

      it("If-None-Match with an outdated tag → 200 with the new state", async () => {
        const d = await api().seed();
        const put = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "t", content: "new" } });
        const r = await api().request("GET", `/api/documents/${d.id}`, { headers: { "if-none-match": d.etag } });
        expect(r.status).toBe(200);
        expect(r.headers.get("etag")).toBe(put.headers.get("etag"));
        expect(r.body.content).toBe("new");
      });

      it("If-Modified-Since at or after Last-Modified → 304; ignored when If-None-Match is present", async () => {
        const d = await api().seed();
        const lm = (await api().request("HEAD", `/api/documents/${d.id}`)).headers.get("last-modified")!;
        expect((await api().request("GET", `/api/documents/${d.id}`, { headers: { "if-modified-since": lm } })).status).toBe(304);
        const both = await api().request("GET", `/api/documents/${d.id}`, { headers: { "if-modified-since": lm, "if-none-match": '"other"' } });
        expect(both.status).toBe(200);
      });

      it("a malformed If-None-Match → 400 problem", async () => {
        const d = await api().seed();
        const r = await api().request("GET", `/api/documents/${d.id}`, { headers: { "if-none-match": "no-quotes" } });
        expect(r.status).toBe(400);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
        expect(r.body).toMatchObject({ status: 400, code: "invalid-precondition", header: "If-None-Match" });
      });

      it.each([
        ["an unknown id", "does-not-exist"],
        ["a very long id", "x".repeat(5000)],
        ["an encoded slash", "a%2Fb"],
        ["quotes", "%22quoted%22"],
        ["an encoded NUL", "a%00b"],
        ["non-ASCII", "%C3%A9t%C3%A9"],
        ["a dot-dot segment", "..%2F..%2Fetc"],
        ["a bad percent-encoding", "%E0%A4%A"],
      ])("%s → 404 problem, never 5xx", async (_name, id) => {
        for (const method of ["GET", "HEAD"]) {
          const r = await api().request(method, `/api/documents/${id}`);
          expect(r.status).toBeGreaterThanOrEqual(400);
          expect(r.status).toBeLessThan(500);
          if (method === "GET") expect(r.headers.get("content-type")).toBe("application/problem+json");
        }
      });
    });

    describe("GET /api/documents/:id/revisions", () => {
      it("lists every version without content, oldest first", async () => {
        const d = await api().seed("v1");
        const bo = await api().member(d.id, "Bo");
        const put = await bo.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "v2", content: "c2" } });
        expect(put.status).toBe(200);
        const r = await api().request("GET", `/api/documents/${d.id}/revisions`);
        expect(r.status).toBe(200);
        expect(r.body.map((x: { version: number; title: string; author: string | null; kind: string }) => [x.version, x.title, x.author, x.kind])).toEqual([
          [1, "v1", "Ann", "create"],
          [2, "v2", "Bo", "update"],
        ]);
        expect(r.body[0]).not.toHaveProperty("content");
      });

      it("404 for an unknown document", async () => {
        expect((await api().request("GET", "/api/documents/nope-nope/revisions")).status).toBe(404);
      });
    });

    describe("GET /api/documents/:id/revisions/:version", () => {
      it("returns the immutable snapshot with long-lived cache headers and its own ETag", async () => {
        const d = await api().seed("snap", "first\n");
        await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "snap2", content: "second\n" } });
        const r = await api().request("GET", `/api/documents/${d.id}/revisions/1`);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ documentId: d.id, version: 1, title: "snap", content: "first\n", kind: "create", deleted: false });
        expect(r.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
        expect(r.headers.get("etag")).toBe(d.etag);
        const cached = await api().request("GET", `/api/documents/${d.id}/revisions/1`, { headers: { "if-none-match": d.etag } });
        expect(cached.status).toBe(304);
      });

      it.each(["3", "0", "-1", "1.5", "abc", "99999999999999999999", "1e3"])("version %s → 404", async (version) => {
        const d = await api().seed();
        const r = await api().request("GET", `/api/documents/${d.id}/revisions/${version}`);
        expect(r.status).toBe(404);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
      });
    });

    describe("unsupported methods and paths", () => {
      it.each([
        ["POST", "/api/documents/ID", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"],
        ["TRACE", "/api/documents/ID", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"],
        ["PUT", "/api/documents", "GET, HEAD, POST, OPTIONS"],
        ["DELETE", "/api/documents", "GET, HEAD, POST, OPTIONS"],
        ["PROPFIND", "/api/documents", "GET, HEAD, POST, OPTIONS"],
        ["PUT", "/api/documents/ID/revisions", "GET, HEAD, OPTIONS"],
        ["DELETE", "/api/documents/ID/revisions/1", "GET, HEAD, OPTIONS"],
      ])("%s %s → 405 with Allow", async (method, path, allow) => {
        const d = await api().seed();
        const r = await api().request(method, path.replace("ID", d.id));
        expect(r.status).toBe(405);
        expect(r.headers.get("allow")).toBe(allow);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
        expect((await api().request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
      });

      it("OPTIONS lists the methods and the PATCH format", async () => {
        const d = await api().seed();
        const r = await api().request("OPTIONS", `/api/documents/${d.id}`);
        expect(r.status).toBe(204);
        expect(r.headers.get("allow")).toBe("GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
        expect(r.headers.get("accept-patch")).toBe("application/merge-patch+json, text/x-diff");
      });

      it("an unknown API path → 404 problem+json", async () => {
        const r = await api().request("GET", "/api/nothing/here");
        expect(r.status).toBe(404);
        expect(r.body).toMatchObject({ code: "not-found" });
      });
    });
  });
}
