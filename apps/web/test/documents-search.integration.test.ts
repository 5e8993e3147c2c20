import { nextLinkOf, PAGE_LIMIT_MAX } from "@tandem/contract";
import { testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer, type Api } from "./support/harness.ts";

type Row = { id: string; title: string; version: number; snippet?: { text: string; highlights: [number, number][] } };

/** Follows Link rel="next" from `first` to the end: every page's rows, in order. */
async function walk(api: Api, first: string, between?: () => Promise<void>): Promise<Row[]> {
  const rows: Row[] = [];
  let url: string | null = first;
  for (let pages = 0; url !== null; pages++) {
    expect(pages).toBeLessThan(1000);
    const r = await api.request("GET", url);
    expect(r.status).toBe(200);
    rows.push(...(r.body as Row[]));
    url = nextLinkOf(r.headers.get("link"));
    if (between) await between();
  }
  return rows;
}

const ids = (rows: Row[]) => rows.map((r) => r.id);
const marked = (row: Row) => row.snippet!.highlights.map(([s, e]) => row.snippet!.text.slice(s, e));

for (const provider of testProviders()) {
  describe(`GET /api/documents?q= (${provider})`, () => {
    const api = useServer(provider);

    it("ranks title matches above body matches and highlights the words in a plain-text snippet", async () => {
      const body = await api().seed("Minutes", "the narwhal came by <script>alert(1)</script> & left");
      const title = await api().seed("Narwhal sightings", "numbers");
      const both = await api().seed("Narwhal narwhal", "narwhal everywhere, narwhal");
      const r = await api().request("GET", "/api/documents?q=narwhal");
      expect(r.status).toBe(200);
      expect(ids(r.body)).toEqual([both.id, title.id, body.id]);
      const hit = (r.body as Row[]).find((h) => h.id === body.id)!;
      expect(Object.keys(hit).sort()).toEqual(["id", "role", "snippet", "title", "updatedAt", "updatedBy", "updatedById", "version"]);
      expect(marked(hit)).toEqual(["narwhal"]);
      // The content's own markup comes back as text (or is dropped), never as markup of ours.
      expect(hit.snippet!.text).not.toMatch(/<mark|&lt;|&amp;/);
      expect(hit.snippet!.text).toContain("narwhal came by");
    });

    it("finds a word of the title or of the body, by prefix, with every word required", async () => {
      const d = await api().seed("Capybara almanac", "grass and water");
      expect(ids((await api().request("GET", "/api/documents?q=capy")).body)).toContain(d.id);
      expect(ids((await api().request("GET", "/api/documents?q=CAPYBARA%20wat")).body)).toEqual([d.id]);
      expect(ids((await api().request("GET", "/api/documents?q=capybara%20fire")).body)).toEqual([]);
      expect(ids((await api().request("GET", "/api/documents?q=grass")).body)).toContain(d.id);
    });

    it("never shows a stranger's document, and a member finds a shared one", async () => {
      const bo = await api().person("Bo");
      const secret = await bo.seed("Ocelot plans", "ocelot ocelot secret");
      const shared = await bo.seed("Ocelot shared", "ocelot");
      const r = await api().request("GET", "/api/documents?q=ocelot");
      expect(ids(r.body)).toEqual([]);
      // Nothing about Bo's documents in the headers either: no next page, the empty list's tag.
      expect(r.headers.get("link")).toBeNull();
      const none = await api().request("GET", "/api/documents?q=zzzznothing");
      expect(r.headers.get("etag")).toBe(none.headers.get("etag"));
      const r2 = await bo.request("PUT", `/api/documents/${shared.id}/members/${encodeURIComponent(api().owner.email)}`, { body: { role: "viewer" } });
      expect(r2.status).toBe(201);
      expect(ids((await api().request("GET", "/api/documents?q=ocelot")).body)).toEqual([shared.id]);
      expect(ids((await bo.request("GET", "/api/documents?q=ocelot")).body).sort()).toEqual([secret.id, shared.id].sort());
    });

    it("leaves deleted documents out, as the list does", async () => {
      const d = await api().seed("Pangolin", "scales");
      expect(ids((await api().request("GET", "/api/documents?q=pangolin")).body)).toEqual([d.id]);
      expect((await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": d.etag } })).status).toBe(204);
      expect(ids((await api().request("GET", "/api/documents?q=pangolin")).body)).toEqual([]);
    });

    it.each([
      '"unbalanced',
      "foo*",
      "-minus",
      "NEAR(a b)",
      "a OR b AND NOT c",
      "title:x",
      "(((",
      "'; DROP TABLE \"Document\"; --",
      "a & b | !c <-> d:*",
      "\\",
      "\u0000",
      "日本語",
      "😀",
    ])("answers %j with 200 and no error", async (q) => {
      const r = await api().request("GET", `/api/documents?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      expect(Array.isArray(r.body)).toBe(true);
    });

    it("finds words written with quotes and operators around them", async () => {
      const d = await api().seed("Quokka", 'He said "wombat-quokka" (NEAR the) *river*');
      for (const q of ['"wombat', "quokka*", "-river", "NEAR(wombat"]) {
        expect(ids((await api().request("GET", `/api/documents?q=${encodeURIComponent(q)}`)).body), q).toContain(d.id);
      }
    });

    it("pages search results with Link rel=next, each result once", async () => {
      const made = await Promise.all(Array.from({ length: 7 }, (_, i) => api().seed(`Tapir ${i}`, i % 2 ? "tapir tapir" : "x")));
      const rows = await walk(api(), "/api/documents?q=tapir&limit=2");
      expect(new Set(ids(rows)).size).toBe(rows.length);
      expect(ids(rows).sort()).toEqual(made.map((d) => d.id).sort());
      expect(ids(rows)).toEqual(ids((await api().request("GET", "/api/documents?q=tapir")).body));
    });

    it("refuses a q longer than the limit with a 400 problem", async () => {
      const r = await api().request("GET", `/api/documents?q=${"a".repeat(201)}`);
      expect(r.status).toBe(400);
      expect(r.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(r.body).toMatchObject({ code: "bad-request", parameter: "q" });
    });
  });

  describe(`GET /api/documents?limit=&cursor= (${provider})`, () => {
    const api = useServer(provider);

    it("walks every page once while documents are created and edited", async () => {
      const before = [];
      for (let i = 0; i < 23; i++) before.push(await api().seed(`page ${i}`));
      const untouched = new Set(before.slice(0, 15).map((d) => d.id));
      const edited = before.slice(15);
      let n = 0;
      const rows = await walk(api(), "/api/documents?limit=4", async () => {
        await api().seed(`created while walking ${n}`);
        const victim = edited[n++];
        if (victim) await api().request("PATCH", `/api/documents/${victim.id}`, { headers: { "if-match": victim.etag, "content-type": "application/merge-patch+json" }, body: { content: "edited" } });
      });
      const seen = ids(rows);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of untouched) expect(seen).toContain(id);
      // Newest change first, throughout.
      const times = rows.map((r) => Date.parse((r as unknown as { updatedAt: string }).updatedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it("sends Link rel=next only when another page follows, keeping limit", async () => {
      for (let i = 0; i < 3; i++) await api().seed(`link ${i}`);
      const all = (await api().request("GET", `/api/documents?limit=${PAGE_LIMIT_MAX}`)).body as Row[];
      const first = await api().request("GET", "/api/documents?limit=2");
      expect(first.body).toHaveLength(2);
      const next = nextLinkOf(first.headers.get("link"));
      expect(next).toMatch(/^\/api\/documents\?limit=2&cursor=[A-Za-z0-9_-]+$/);
      const last = await api().request("GET", `/api/documents?limit=${all.length}`);
      expect(last.headers.get("link")).toBeNull();
      expect(ids(last.body)).toEqual(ids(all));
    });

    it("answers If-None-Match with 304 while the page is unchanged, and 200 once it changes", async () => {
      const d = await api().seed("etag me");
      const first = await api().request("GET", "/api/documents?limit=5");
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
      const again = await api().request("GET", "/api/documents?limit=5", { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(again.text).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      const head = await api().request("HEAD", "/api/documents?limit=5");
      expect(head.status).toBe(200);
      expect(head.headers.get("etag")).toBe(etag);
      await api().request("PATCH", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "content-type": "application/merge-patch+json" }, body: { title: "etag me again" } });
      const changed = await api().request("GET", "/api/documents?limit=5", { headers: { "if-none-match": etag } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get("etag")).not.toBe(etag);
      const search = await api().request("GET", "/api/documents?q=etag");
      expect((await api().request("GET", "/api/documents?q=etag", { headers: { "if-none-match": search.headers.get("etag")! } })).status).toBe(304);
    });

    it.each([
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["limit=ten", "limit"],
      ["limit=1&limit=2", "limit"],
      ["cursor=%%%", "cursor"],
      ["cursor=bm90IGEgY3Vyc29y", "cursor"],
    ])("refuses ?%s with a 400 problem naming %s", async (query, parameter) => {
      const r = await api().request("GET", `/api/documents?${query}`);
      expect(r.status).toBe(400);
      expect(r.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(r.body).toMatchObject({ status: 400, code: "bad-request", parameter });
    });

    it("refuses a list cursor given to a search, and the reverse", async () => {
      for (let i = 0; i < 3; i++) await api().seed(`Kinkajou ${i}`);
      const list = nextLinkOf((await api().request("GET", "/api/documents?limit=1")).headers.get("link"))!;
      const search = nextLinkOf((await api().request("GET", "/api/documents?q=kinkajou&limit=1")).headers.get("link"))!;
      const listCursor = new URL(list, "http://x").searchParams.get("cursor")!;
      const searchCursor = new URL(search, "http://x").searchParams.get("cursor")!;
      expect((await api().request("GET", `/api/documents?q=kinkajou&cursor=${listCursor}`)).status).toBe(400);
      expect((await api().request("GET", `/api/documents?cursor=${searchCursor}`)).status).toBe(400);
    });
  });

  describe(`GET /api/documents/:id/revisions?limit=&cursor= (${provider})`, () => {
    const api = useServer(provider);

    /** A document at version 7 (contents "0" to "6"). */
    async function sevenVersions(a: Api) {
      const d = await a.seed("revs", "0");
      let etag = d.etag;
      for (let v = 1; v < 7; v++) {
        const r = await a.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": etag }, body: { title: "revs", content: String(v) } });
        etag = r.headers.get("etag")!;
      }
      return d;
    }

    it("pages the revisions oldest first, each once, with ETag and 304", async () => {
      const d = await sevenVersions(api());
      const rows = (await walk(api(), `/api/documents/${d.id}/revisions?limit=3`)) as unknown as { version: number }[];
      expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      const first = await api().request("GET", `/api/documents/${d.id}/revisions?limit=3`);
      expect(Object.keys(first.body[0])).not.toContain("content");
      expect((await api().request("GET", `/api/documents/${d.id}/revisions?limit=3`, { headers: { "if-none-match": first.headers.get("etag")! } })).status).toBe(304);
      expect((await api().request("GET", `/api/documents/${d.id}/revisions?limit=0`)).status).toBe(400);
      expect((await api().request("GET", `/api/documents/${d.id}/revisions?cursor=abc`)).status).toBe(400);
    });

    it("pages them newest first with order=newest, each once; a cursor keeps to its order", async () => {
      const d = await sevenVersions(api());
      const rows = (await walk(api(), `/api/documents/${d.id}/revisions?order=newest&limit=3`)) as unknown as { version: number }[];
      expect(rows.map((r) => r.version)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      const first = await api().request("GET", `/api/documents/${d.id}/revisions?order=newest&limit=3`);
      const next = nextLinkOf(first.headers.get("link"))!;
      expect(new URL(next, "http://x").searchParams.get("order")).toBe("newest");
      const otherOrder = next.replace("order=newest", "order=oldest");
      const refused = await api().request("GET", otherOrder);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: "bad-request", parameter: "cursor" });
      expect((await api().request("GET", `/api/documents/${d.id}/revisions?order=sideways`)).body).toMatchObject({ code: "bad-request", parameter: "order" });
    });

    it("answers a stranger 404 whatever the parameters, before looking at them", async () => {
      const d = await api().seed("private revs");
      const bo = await api().person("Bo");
      expect((await bo.request("GET", `/api/documents/${d.id}/revisions?limit=2`)).status).toBe(404);
      expect((await bo.request("GET", `/api/documents/${d.id}/revisions?limit=0`)).status).toBe(404);
    });
  });
}
