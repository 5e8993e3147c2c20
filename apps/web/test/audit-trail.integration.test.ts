// The audit trail (issue 9): refused writes and their resolution (with the time it took, as a
// histogram), membership, deletes, re-creates, purges and tokens — readable by the document's
// owner and by admins, never holding a document's title or text. Two instances share the
// database: events written through one are read through the other.
import { randomUUID } from "node:crypto";
import { metricSum, scrapeMetrics, testProviders, type TestAccount } from "@tandem/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { makeApi, useServer, type Api, type Reply } from "./support/harness.ts";

interface Entry {
  id: number;
  at: string;
  type: string;
  actor: { id: string; name: string } | null;
  documentId: string | null;
  detail: Record<string, unknown>;
}

const RESOLUTION_METRIC = "tandem_conflict_resolution_seconds_count";

/** Letters that never occur in an id, an ETag or a timestamp. */
function secret(): string {
  const letters = "ghijkmnpqrstuvwxyz";
  return Array.from({ length: 14 }, () => letters[Math.floor(Math.random() * letters.length)]).join("");
}

for (const provider of testProviders()) {
  describe(`audit trail, two instances (${provider})`, () => {
    const server = useServer(provider, {}, 2);
    /** Every title and content written in this suite carries one of these. */
    const secrets: string[] = [];
    let bo: Api[];
    let ed: Api[];
    let vi: Api[];
    let stranger: Api;
    let admin: Api;
    let accounts: Record<"bo" | "ed" | "vi", TestAccount>;

    beforeAll(async () => {
      const s = server();
      const urls = s.apis.map((a) => a.baseUrl);
      const [b, e, v, st] = await Promise.all(["Bo Owner", "Ed Editor", "Vi Viewer", "Stu Stranger"].map((n) => s.person(n)));
      accounts = { bo: b!.account, ed: e!.account, vi: v!.account };
      bo = urls.map((u) => makeApi(u, b!.account));
      ed = urls.map((u) => makeApi(u, e!.account));
      vi = urls.map((u) => makeApi(u, v!.account));
      stranger = makeApi(urls[1]!, st!.account);
      admin = s.apis[1]!;
    });

    async function expectStatus(reply: Promise<Reply>, status: number): Promise<Reply> {
      const r = await reply;
      expect(r.status, r.text).toBe(status);
      return r;
    }

    /** Bo's document with Ed as editor and Vi as viewer. */
    async function document() {
      const s = secret();
      secrets.push(s);
      const created = await expectStatus(bo[0]!.request("POST", "/api/documents", { body: { title: `Title ${s}`, content: `one ${s}\ntwo\nthree\n` } }), 201);
      const id = created.body.id as string;
      await expectStatus(bo[0]!.request("PUT", `/api/documents/${id}/members/${encodeURIComponent(accounts.ed.email)}`, { body: { role: "editor" } }), 201);
      await expectStatus(bo[0]!.request("PUT", `/api/documents/${id}/members/${encodeURIComponent(accounts.vi.email)}`, { body: { role: "viewer" } }), 201);
      return { id, etag: created.headers.get("etag")!, secret: s };
    }

    async function trail(api: Api, id: string): Promise<Entry[]> {
      return (await expectStatus(api.request("GET", `/api/documents/${id}/activity`), 200)).body as Entry[];
    }

    /** The whole of GET /api/activity, page by page. */
    async function everything(): Promise<{ entries: Entry[]; text: string }> {
      const entries: Entry[] = [];
      let text = "";
      for (let before: number | undefined; ; ) {
        const page = await expectStatus(admin.request("GET", `/api/activity${before === undefined ? "" : `?before=${before}`}`), 200);
        text += page.text;
        entries.push(...(page.body as Entry[]));
        if (page.body.length < 100) return { entries, text };
        before = page.body.at(-1).id;
      }
    }

    async function resolutions(): Promise<number> {
      const counts = await Promise.all(server().apis.map(async (a) => metricSum(await scrapeMetrics(a.baseUrl), RESOLUTION_METRIC, { resolution: "dialog" })));
      return counts.reduce((a, b) => a + b, 0);
    }

    /** Ed writes version 2; Bo's write on version 1 is refused: returns the 412 and the ETag of v2. */
    async function conflict(d: { id: string; etag: string; secret: string }) {
      const won = await expectStatus(ed[1]!.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: `Title ${d.secret}`, content: `one ${d.secret}\nED\nthree\n` } }), 200);
      const lost = await expectStatus(bo[0]!.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: `Title ${d.secret}`, content: `one ${d.secret}\nBO\nthree\n` } }), 412);
      return { lost, current: won.headers.get("etag")! };
    }

    describe("PUT /api/documents/:id → 412", () => {
      it("records a conflict (clientVersion, currentVersion) and answers Tandem-Conflict: <its id>", async () => {
        const d = await document();
        const { lost } = await conflict(d);
        const conflictId = lost.headers.get("tandem-conflict");
        expect(conflictId).toMatch(/^[1-9][0-9]*$/);
        const entry = (await trail(bo[1]!, d.id)).find((e) => e.id === Number(conflictId));
        expect(entry).toMatchObject({ type: "conflict", documentId: d.id, actor: { id: accounts.bo.id, name: "Bo Owner" }, detail: { clientVersion: 1, currentVersion: 2 } });
        expect(Date.parse(entry!.at)).toBeLessThanOrEqual(Date.now());
      });

      it("a save with Tandem-Conflict and Tandem-Resolution: dialog records conflict-resolved with the seconds, and the histogram counts it", async () => {
        const d = await document();
        const { lost, current } = await conflict(d);
        const conflictId = Number(lost.headers.get("tandem-conflict"));
        const before = await resolutions();
        const saved = await bo[0]!.request("PUT", `/api/documents/${d.id}`, {
          headers: { "if-match": current, "tandem-conflict": String(conflictId), "tandem-resolution": "dialog" },
          body: { title: `Title ${d.secret}`, content: `one ${d.secret}\nED and BO\nthree\n` },
        });
        expect(saved.status).toBe(200);
        expect(saved.body.version).toBe(3);
        const resolved = (await trail(bo[1]!, d.id)).filter((e) => e.type === "conflict-resolved");
        expect(resolved).toHaveLength(1);
        expect(resolved[0]).toMatchObject({ actor: { id: accounts.bo.id }, detail: { conflictId, resolution: "dialog", version: 3 } });
        expect(resolved[0]!.detail.seconds).toEqual(expect.any(Number));
        expect(resolved[0]!.detail.seconds as number).toBeGreaterThanOrEqual(0);
        expect(resolved[0]!.detail.seconds as number).toBeLessThan(60);
        expect(await resolutions()).toBe(before + 1);

        // Retried, the same claim counts once.
        const again = await bo[1]!.request("PUT", `/api/documents/${d.id}`, {
          headers: { "if-match": saved.headers.get("etag")!, "tandem-conflict": String(conflictId), "tandem-resolution": "dialog" },
          body: { title: `Title ${d.secret}`, content: `one ${d.secret}\nagain\n` },
        });
        expect(again.status).toBe(200);
        expect((await trail(bo[0]!, d.id)).filter((e) => e.type === "conflict-resolved")).toHaveLength(1);
        expect(await resolutions()).toBe(before + 1);
      });

      it("another user's claim of that conflict records nothing; the user's own still counts afterwards", async () => {
        const d = await document();
        const { lost, current } = await conflict(d);
        const conflictId = lost.headers.get("tandem-conflict")!;
        const before = await resolutions();
        const claimed = await ed[0]!.request("PUT", `/api/documents/${d.id}`, {
          headers: { "if-match": current, "tandem-conflict": conflictId, "tandem-resolution": "dialog" },
          body: { title: `Title ${d.secret}`, content: `one ${d.secret}\nED again\n` },
        });
        expect(claimed.status).toBe(200);
        // The same user, but another document: nothing either.
        const other = await document();
        const elsewhere = await bo[0]!.request("PUT", `/api/documents/${other.id}`, {
          headers: { "if-match": other.etag, "tandem-conflict": conflictId, "tandem-resolution": "dialog" },
          body: { title: `Title ${other.secret}`, content: "x\n" },
        });
        expect(elsewhere.status).toBe(200);
        expect((await trail(bo[1]!, d.id)).some((e) => e.type === "conflict-resolved")).toBe(false);
        expect((await trail(bo[1]!, other.id)).some((e) => e.type === "conflict-resolved")).toBe(false);
        expect(await resolutions()).toBe(before);

        const own = await bo[1]!.request("PUT", `/api/documents/${d.id}`, {
          headers: { "if-match": claimed.headers.get("etag")!, "tandem-conflict": conflictId, "tandem-resolution": "dialog" },
          body: { title: `Title ${d.secret}`, content: `one ${d.secret}\nmine\n` },
        });
        expect(own.status).toBe(200);
        expect((await trail(bo[0]!, d.id)).filter((e) => e.type === "conflict-resolved")).toMatchObject([{ actor: { id: accounts.bo.id }, detail: { conflictId: Number(conflictId) } }]);
        expect(await resolutions()).toBe(before + 1);
      });

      it("half a claim (Tandem-Conflict without Tandem-Resolution, or an unknown resolution) → 400, nothing written", async () => {
        const d = await document();
        const halves: Record<string, string>[] = [{ "tandem-conflict": "1" }, { "tandem-resolution": "dialog" }, { "tandem-conflict": "1", "tandem-resolution": "coin-toss" }, { "tandem-conflict": "abc", "tandem-resolution": "dialog" }];
        for (const headers of halves) {
          const r = await bo[0]!.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, ...headers }, body: { title: "x", content: "y\n" } });
          expect(r.status, JSON.stringify(headers)).toBe(400);
        }
        expect((await bo[0]!.request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
      });

      it("merges on the server (Prefer: merge) are recorded: a clean one as resolved automatically, a conflicting one as a conflict", async () => {
        const d = await document();
        await expectStatus(ed[1]!.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: `Title ${d.secret}`, content: `one ${d.secret}\ntwo\nthree ED\n` } }), 200);
        const clean = await bo[0]!.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, prefer: "merge" }, body: { title: `Title ${d.secret}`, content: `one ${d.secret} BO\ntwo\nthree\n` } });
        expect(clean.status).toBe(200);
        const clash = await vi[0]!.request("GET", `/api/documents/${d.id}`);
        expect(clash.body.version).toBe(3);
        const refused = await ed[0]!.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, prefer: "merge" }, body: { title: `Title ${d.secret}`, content: `one ${d.secret} EDDY\ntwo\nthree\n` } });
        expect(refused.status).toBe(409);
        const entries = await trail(bo[1]!, d.id);
        expect(entries.find((e) => e.type === "conflict-resolved")).toMatchObject({ actor: { id: accounts.bo.id }, detail: { resolution: "automatic", onServer: true, merged: { base: 1, over: [2] } } });
        expect(entries.find((e) => e.id === Number(refused.headers.get("tandem-conflict")))).toMatchObject({ type: "conflict", actor: { id: accounts.ed.id }, detail: { merge: true, clientVersion: 1, currentVersion: 3 } });
      });
    });

    describe("GET /api/documents/:id/activity, GET /api/activity", () => {
      it("membership changes, delete, re-create and purge are in the document's trail (owner) and in the admin's", async () => {
        const d = await document();
        const edPath = `/api/documents/${d.id}/members/${encodeURIComponent(accounts.ed.email)}`;
        await expectStatus(bo[1]!.request("PUT", edPath, { body: { role: "viewer" } }), 200);
        await expectStatus(bo[0]!.request("DELETE", edPath), 204);
        await expectStatus(bo[1]!.request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": d.etag } }), 204);
        const recreated = await expectStatus(bo[0]!.request("PUT", `/api/documents/${d.id}`, { headers: { "if-none-match": "*" }, body: { title: `Title ${d.secret}`, content: `again ${d.secret}\n` } }), 201);
        await expectStatus(bo[1]!.request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": recreated.headers.get("etag")! } }), 204);

        const entries = await trail(bo[0]!, d.id);
        const types = entries.map((e) => e.type).reverse();
        expect(types).toEqual(["member-added", "member-added", "member-changed", "member-removed", "document-deleted", "document-recreated", "document-deleted"]);
        expect(entries.every((e) => e.actor?.id === accounts.bo.id && e.documentId === d.id)).toBe(true);
        const byType = (t: string) => entries.filter((e) => e.type === t);
        expect(byType("member-added").map((e) => e.detail).reverse()).toMatchObject([
          { userId: accounts.ed.id, email: accounts.ed.email, role: "editor", previousRole: null },
          { userId: accounts.vi.id, email: accounts.vi.email, role: "viewer", previousRole: null },
        ]);
        expect(byType("member-changed")[0]!.detail).toMatchObject({ userId: accounts.ed.id, role: "viewer", previousRole: "editor" });
        expect(byType("member-removed")[0]!.detail).toMatchObject({ userId: accounts.ed.id, previousRole: "viewer" });
        expect(byType("document-deleted").map((e) => e.detail.version)).toEqual([4, 2]);
        expect(byType("document-recreated")[0]!.detail).toMatchObject({ version: 3 });
        // Newest first, ids increasing with time.
        expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a));

        await expectStatus(admin.request("POST", `/api/documents/${d.id}/purge`), 204);
        // The owner is no member of a purged document: their trail of it is gone with it.
        expect((await bo[0]!.request("GET", `/api/documents/${d.id}/activity`)).status).toBe(404);
        const afterPurge = await trail(admin, d.id);
        expect(afterPurge[0]).toMatchObject({ type: "document-purged", actor: { id: server().owner.id, name: "Ann" }, detail: { version: 4 } });
        expect(afterPurge.slice(1)).toEqual(entries);

        const all = (await everything()).entries.filter((e) => e.documentId === d.id);
        expect(all).toEqual(afterPurge);
      });

      it("token created and revoked are in the admin's trail, without the token", async () => {
        const created = await expectStatus(bo[0]!.request("POST", "/api/tokens", { body: { label: "audited" } }), 201);
        await expectStatus(bo[1]!.request("DELETE", `/api/tokens/${created.body.id}`), 204);
        const { entries, text } = await everything();
        const mine = entries.filter((e) => e.detail.tokenId === created.body.id);
        expect(mine.map((e) => e.type)).toEqual(["token-revoked", "token-created"]);
        for (const e of mine) expect(e).toMatchObject({ actor: { id: accounts.bo.id, name: "Bo Owner" }, documentId: null, detail: { label: "audited", prefix: created.body.prefix } });
        expect(text).not.toContain(created.body.token);
      });

      it("editors and viewers → 403, strangers → the 404 of an unknown id, anonymous → 401; GET /api/activity is for admins only", async () => {
        const d = await document();
        expect((await ed[0]!.request("GET", `/api/documents/${d.id}/activity`)).status).toBe(403);
        expect((await vi[1]!.request("GET", `/api/documents/${d.id}/activity`)).status).toBe(403);
        const r = await stranger.request("GET", `/api/documents/${d.id}/activity`);
        const ghost = randomUUID();
        const g = await stranger.request("GET", `/api/documents/${ghost}/activity`);
        expect(r.status).toBe(404);
        const mask = (x: Reply, id: string) => x.text.replaceAll(x.headers.get("x-request-id")!, "").replaceAll(id, "<id>");
        expect(mask(r, d.id)).toBe(mask(g, ghost));
        expect((await makeApi(admin.baseUrl, null).request("GET", `/api/documents/${d.id}/activity`)).status).toBe(401);
        for (const api of [bo[0]!, ed[1]!, vi[0]!, stranger]) expect((await api.request("GET", "/api/activity")).status).toBe(403);
        expect((await admin.request("GET", `/api/documents/${d.id}/activity`)).status).toBe(200);
        expect((await admin.request("GET", `/api/documents/${d.id}`)).status).toBe(404);
      });

      it("?before pages back; a malformed one → 400", async () => {
        const { entries } = await everything();
        const page = await expectStatus(admin.request("GET", `/api/activity?before=${entries[2]!.id}`), 200);
        expect((page.body as Entry[]).map((e) => e.id)).toEqual(entries.slice(3, 103).map((e) => e.id));
        expect((await admin.request("GET", "/api/activity?before=abc")).status).toBe(400);
      });

      it("the trail never holds a document's title or content", async () => {
        expect(secrets.length).toBeGreaterThan(5);
        const { text } = await everything();
        for (const s of secrets) expect(text).not.toContain(s);
        for (const marker of ["Title ", "ED and BO", "EDDY", "mine\\n"]) expect(text).not.toContain(marker);
      });
    });
  });
}
