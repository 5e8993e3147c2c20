import { openEventStream, testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer, type Api } from "./support/harness.ts";

const DRY = "?dryRun=true";

/** Everything a write could change: the document, its history, the list. */
async function snapshot(api: Api, id: string) {
  const [doc, revisions, list] = await Promise.all([api.request("GET", `/api/documents/${id}`), api.request("GET", `/api/documents/${id}/revisions`), api.request("GET", "/api/documents")]);
  return { status: doc.status, etag: doc.headers.get("etag"), body: doc.body, revisions: revisions.body, list: list.body };
}

for (const provider of testProviders()) {
  describe(`?dryRun=true on every write (${provider})`, () => {
    const api = useServer(provider);

    it("PUT answers what would happen — status, body, a new ETag — with Tandem-Dry-Run, and nothing changes", async () => {
      const d = await api().seed("Plan", "one\n");
      const before = await snapshot(api(), d.id);
      const r = await api().request("PUT", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "two\n" } });
      expect(r.status).toBe(200);
      expect(r.headers.get("tandem-dry-run")).toBe("true");
      expect(r.body).toMatchObject({ id: d.id, content: "two\n", version: 2, updatedBy: "Ann" });
      expect(r.headers.get("etag")).toMatch(/^"2\./);
      expect(await snapshot(api(), d.id)).toEqual(before);
      // The real write afterwards gets version 2 for itself.
      const real = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "two\n" } });
      expect(real.status).toBe(200);
      expect(real.headers.get("tandem-dry-run")).toBeNull();
      expect(real.body.version).toBe(2);
    });

    it.each([
      ["a stale If-Match → 412 with the current document", "stale", 412],
      ["no precondition → 428", "none", 428],
      ["a bad body → 422", "bad-body", 422],
    ])("refusals are the real ones, marked: %s", async (_name, kind, status) => {
      const d = await api().seed("Plan", "one\n");
      const moved = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "moved\n" } });
      const before = await snapshot(api(), d.id);
      const headers: Record<string, string> = kind === "none" ? {} : { "if-match": kind === "stale" ? d.etag : moved.headers.get("etag")! };
      const r = await api().request("PUT", `/api/documents/${d.id}${DRY}`, { headers, body: kind === "bad-body" ? { title: 5 } : { title: "Plan", content: "mine\n" } });
      expect(r.status).toBe(status);
      expect(r.headers.get("tandem-dry-run")).toBe("true");
      if (status === 412) {
        expect(r.body.current).toMatchObject({ version: 2, content: "moved\n" });
        // A dry run is in nobody's audit trail: no conflict id to resolve later.
        expect(r.headers.get("tandem-conflict")).toBeNull();
      }
      expect(await snapshot(api(), d.id)).toEqual(before);
    });

    it("Prefer: merge runs the merge and answers the merged document; nothing is stored", async () => {
      const d = await api().seed("Plan", "a\nb\nc\n");
      await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "a\nb\nC\n" } });
      const before = await snapshot(api(), d.id);
      const r = await api().request("PUT", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": d.etag, prefer: "merge" }, body: { title: "Plan", content: "A\nb\nc\n" } });
      expect(r.status).toBe(200);
      expect(r.headers.get("preference-applied")).toBe("merge");
      expect(r.body).toMatchObject({ content: "A\nb\nC\n", version: 3, merged: { base: 1, over: [2] } });
      expect(await snapshot(api(), d.id)).toEqual(before);
    });

    it("PATCH, DELETE, POST and a create with If-None-Match: * store nothing either", async () => {
      const d = await api().seed("Plan", "one\n");
      const before = await snapshot(api(), d.id);
      const patch = await api().request("PATCH", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": d.etag, "content-type": "application/merge-patch+json" }, raw: JSON.stringify({ title: "Renamed" }) });
      expect([patch.status, patch.body.title, patch.body.content, patch.headers.get("tandem-dry-run")]).toEqual([200, "Renamed", "one\n", "true"]);
      const del = await api().request("DELETE", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": d.etag } });
      expect([del.status, del.headers.get("tandem-dry-run")]).toEqual([204, "true"]);
      expect(await snapshot(api(), d.id)).toEqual(before);

      const listBefore = (await api().request("GET", "/api/documents")).body;
      const post = await api().request("POST", `/api/documents${DRY}`, { body: { title: "New", content: "x\n" } });
      expect([post.status, post.body.version, post.headers.get("tandem-dry-run")]).toEqual([201, 1, "true"]);
      expect((await api().request("GET", `/api/documents/${post.body.id}`)).status).toBe(404);
      const id = `dry-${Date.now()}`;
      const create = await api().request("PUT", `/api/documents/${id}${DRY}`, { headers: { "if-none-match": "*" }, body: { title: "Draft", content: "" } });
      expect(create.status).toBe(201);
      expect((await api().request("GET", `/api/documents/${id}`)).status).toBe(404);
      expect((await api().request("GET", "/api/documents")).body).toEqual(listBefore);
    });

    it("access is decided as for a real write: a viewer's dry run is 403, a stranger's 404", async () => {
      const d = await api().seed();
      const viewer = await api().member(d.id, "Vi", "viewer");
      const stranger = await api().person("Stan");
      const body = { title: "t", content: "c" };
      expect((await viewer.request("PUT", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": d.etag }, body })).status).toBe(403);
      expect((await stranger.request("PUT", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": d.etag }, body })).status).toBe(404);
    });

    it("no event is announced: a stream's next event is the real write's", async () => {
      const d = await api().seed("Plan", "one\n");
      const stream = await openEventStream(`${api().baseUrl}/api/documents/${d.id}/events`, { authorization: `Bearer ${api().owner.token}` });
      try {
        await stream.next((e) => e.event === "version");
        await api().request("PUT", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "dry\n" } });
        await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "real\n" } });
        await stream.next((e) => e.event === "version" && (e.data as { version: number }).version === 2);
        expect(stream.events.filter((e) => e.event === "version").map((e) => (e.data as { version: number }).version)).toEqual([1, 2]);
      } finally {
        stream.close();
      }
    });

    it.each(["yes", "1", "TRUE", ""])("dryRun=%j is refused with 400 (never taken for a real write)", async (value) => {
      const d = await api().seed();
      const r = await api().request("PUT", `/api/documents/${d.id}?dryRun=${value}`, { headers: { "if-match": d.etag }, body: { title: "t", content: "c" } });
      expect(r.status).toBe(400);
      expect((await api().request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
    });
  });
}
