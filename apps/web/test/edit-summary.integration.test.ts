// Issue 11 item 6: an optional one-line edit summary on every document write (POST, PUT,
// PATCH), stored with the revision the write makes and shown wherever that revision is: the
// document, the revisions list and snapshot, a 412's `current`, a merge on write, dry runs,
// idempotent replays and the live events. Real servers, both databases.
import { randomUUID } from "node:crypto";
import { SUMMARY_MAX_LENGTH } from "@tandem/contract";
import { authHeaders, openEventStream, testProviders, type TestEventStream } from "@tandem/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { useServer, type Api } from "./support/harness.ts";

const MERGE_PATCH = { "content-type": "application/merge-patch+json" };

const streams: TestEventStream[] = [];
afterEach(() => {
  for (const s of streams.splice(0)) s.close();
});

async function listen(api: Api, id: string, headers: Record<string, string> = {}): Promise<TestEventStream> {
  const stream = await openEventStream(`${api.baseUrl}/api/documents/${id}/events`, { ...authHeaders(api.account!), ...headers });
  streams.push(stream);
  return stream;
}

async function revisions(api: Api, id: string): Promise<{ version: number; summary: string | null }[]> {
  const r = await api.request("GET", `/api/documents/${id}/revisions`);
  expect(r.status).toBe(200);
  return (r.body as { version: number; summary: string | null }[]).map(({ version, summary }) => ({ version, summary }));
}

for (const provider of testProviders()) {
  describe(`edit summaries: \`summary\` on POST, PUT and PATCH /api/documents (${provider})`, () => {
    const api = useServer(provider);

    it("POST stores it on version 1: in the answer, the document, the revisions list and the snapshot", async () => {
      const r = await api().request("POST", "/api/documents", { body: { title: "Plan", content: "a\n", summary: "first draft" } });
      expect(r.status).toBe(201);
      expect(r.body.summary).toBe("first draft");
      expect((await api().request("GET", `/api/documents/${r.body.id}`)).body.summary).toBe("first draft");
      expect(await revisions(api(), r.body.id)).toEqual([{ version: 1, summary: "first draft" }]);
      expect((await api().request("GET", `/api/documents/${r.body.id}/revisions/1`)).body).toMatchObject({ version: 1, summary: "first draft", content: "a\n" });
    });

    it("PUT and PATCH: each revision keeps its own summary; a write without one has none (not the previous one's)", async () => {
      const d = await api().seed("Plan", "a\n");
      const put = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "b\n", summary: "fix dates" } });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ version: 2, summary: "fix dates" });
      const patch = await api().request("PATCH", `/api/documents/${d.id}`, { headers: { ...MERGE_PATCH, "if-match": put.headers.get("etag")! }, raw: JSON.stringify({ title: "Plan B", summary: "rename" }) });
      expect(patch.status).toBe(200);
      expect(patch.body).toMatchObject({ version: 3, title: "Plan B", content: "b\n", summary: "rename" });
      const bare = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": patch.headers.get("etag")! }, body: { title: "Plan B", content: "c\n" } });
      expect(bare.body).toMatchObject({ version: 4, summary: null });
      const del = await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": bare.headers.get("etag")! } });
      expect(del.status).toBe(204);
      const recreated = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-none-match": "*" }, body: { title: "Back", content: "d\n", summary: "bring it back" } });
      expect(recreated.status).toBe(201);
      expect(recreated.body.summary).toBe("bring it back");
      expect(await revisions(api(), d.id)).toEqual([
        { version: 1, summary: null },
        { version: 2, summary: "fix dates" },
        { version: 3, summary: "rename" },
        { version: 4, summary: null },
        { version: 5, summary: null },
        { version: 6, summary: "bring it back" },
      ]);
    });

    it("a 412's `current` carries the summary of the change that beat the write", async () => {
      const d = await api().seed("Plan", "a\n");
      const ann = await api().member(d.id, "Ann B");
      const first = await ann.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "theirs\n", summary: "fix dates" } });
      expect(first.status).toBe(200);
      const late = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "mine\n", summary: "mine" } });
      expect(late.status).toBe(412);
      expect(late.body.current).toMatchObject({ version: 2, updatedBy: "Ann B", summary: "fix dates" });
      expect(await revisions(api(), d.id)).toEqual([{ version: 1, summary: null }, { version: 2, summary: "fix dates" }]);
    });

    it("Prefer: merge stores the request's summary on the merged revision", async () => {
      const d = await api().seed("Plan", "one\ntwo\nthree\n");
      const other = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "ONE\ntwo\nthree\n", summary: "theirs" } });
      expect(other.status).toBe(200);
      const merged = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, prefer: "merge" }, body: { title: "Plan", content: "one\ntwo\nTHREE\n", summary: "mine" } });
      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({ version: 3, content: "ONE\ntwo\nTHREE\n", summary: "mine", merged: { base: 1, over: [2] } });
      expect(await revisions(api(), d.id)).toEqual([{ version: 1, summary: null }, { version: 2, summary: "theirs" }, { version: 3, summary: "mine" }]);
    });

    it("a dry run answers with the summary and stores nothing", async () => {
      const d = await api().seed("Plan", "a\n");
      const r = await api().request("PUT", `/api/documents/${d.id}?dryRun=true`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "b\n", summary: "just looking" } });
      expect(r.status).toBe(200);
      expect(r.headers.get("tandem-dry-run")).toBe("true");
      expect(r.body).toMatchObject({ version: 2, summary: "just looking" });
      const post = await api().request("POST", "/api/documents?dryRun=true", { body: { title: "New", content: "", summary: "maybe" } });
      expect(post.body.summary).toBe("maybe");
      expect(await revisions(api(), d.id)).toEqual([{ version: 1, summary: null }]);
    });

    it("an idempotent replay answers with the same summary, and the revision is written once", async () => {
      const d = await api().seed("Plan", "a\n");
      const send = () => api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag, "idempotency-key": `"k-${d.id}"` }, body: { title: "Plan", content: "b\n", summary: "once" } });
      const first = await send();
      const again = await send();
      expect(first.body.summary).toBe("once");
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.body).toEqual(first.body);
      expect(await revisions(api(), d.id)).toEqual([{ version: 1, summary: null }, { version: 2, summary: "once" }]);
    });

    it("surrounding spaces are dropped; empty, blank or null is no summary; the limit counts code points", async () => {
      const d = await api().seed("Plan", "a\n");
      const cases: [unknown, string | null][] = [
        ["  fix dates  ", "fix dates"],
        ["", null],
        ["   ", null],
        [null, null],
        ["😀".repeat(SUMMARY_MAX_LENGTH), "😀".repeat(SUMMARY_MAX_LENGTH)],
        ["Überarbeitung, 日付を修正 — ça va", "Überarbeitung, 日付を修正 — ça va"],
      ];
      let etag = d.etag;
      for (const [summary, stored] of cases) {
        const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": etag }, body: { title: "Plan", content: `${randomUUID()}\n`, summary } });
        expect(r.status, JSON.stringify(summary)).toBe(200);
        expect(r.body.summary).toBe(stored);
        etag = r.headers.get("etag")!;
      }
    });

    it.each([
      ["a line feed", "fix\ndates"],
      ["a carriage return", "fix\rdates"],
      ["a trailing line feed", "fix dates\n"],
      ["a tab", "fix\tdates"],
      ["a right-to-left override (U+202E)", "fix \u202Esetad"],
      ["a zero-width space (U+200B)", "fix\u200Bdates"],
      ["a line separator (U+2028)", "fix\u2028dates"],
      ["NUL", "fix\u0000dates"],
      [`${SUMMARY_MAX_LENGTH + 1} characters`, "x".repeat(SUMMARY_MAX_LENGTH + 1)],
      ["a number", 42],
      ["an object", { text: "fix" }],
    ])("%s → 422 problem+json naming `summary`, and nothing is stored (PUT, PATCH, POST)", async (_name, summary) => {
      const d = await api().seed("Plan", "a\n");
      const put = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "b\n", summary } });
      const patch = await api().request("PATCH", `/api/documents/${d.id}`, { headers: { ...MERGE_PATCH, "if-match": d.etag }, raw: JSON.stringify({ content: "b\n", summary }) });
      const title = `refused ${randomUUID()}`;
      const post = await api().request("POST", "/api/documents", { body: { title, content: "b\n", summary } });
      for (const r of [put, patch, post]) {
        expect(r.status).toBe(422);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
        expect(r.body.code).toBe("validation-failed");
        expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(["summary"]);
      }
      expect(await revisions(api(), d.id)).toEqual([{ version: 1, summary: null }]);
      const list = await api().request("GET", "/api/documents");
      expect(list.body.some((x: { title: string }) => x.title === title)).toBe(false);
    });

    describe("GET /api/documents/:id/events", () => {
      it("`version` events carry the change's summary (null without one, and for a delete); a replay after Last-Event-ID too", async () => {
        const d = await api().seed("Live", "a\n");
        const bo = await api().member(d.id, "Bo");
        const stream = await listen(bo, d.id);
        const opened = await stream.next((e) => e.event === "version");
        expect(opened.data).toMatchObject({ version: 1, summary: null });
        const put = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Live", content: "b\n", summary: "fix dates" } });
        const v2 = await stream.next((e) => e.event === "version" && (e.data as { version: number }).version === 2);
        expect(v2.data).toMatchObject({ version: 2, updatedBy: "Ann", summary: "fix dates" });
        const patch = await api().request("PATCH", `/api/documents/${d.id}`, { headers: { ...MERGE_PATCH, "if-match": put.headers.get("etag")! }, raw: JSON.stringify({ title: "Live!" }) });
        expect((await stream.next((e) => (e.data as { version?: number }).version === 3)).data).toMatchObject({ summary: null });
        await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": patch.headers.get("etag")! } });
        expect((await stream.next((e) => e.event === "deleted")).data).toMatchObject({ version: 4, summary: null });
        stream.close();

        // Missed while away: replayed from the revisions, summaries included.
        await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-none-match": "*" }, body: { title: "Again", content: "c\n", summary: "back again" } });
        const resumed = await listen(bo, d.id, { "last-event-id": String(v2.id) });
        const replayed = await resumed.next((e) => e.event === "recreated");
        expect(replayed.data).toMatchObject({ version: 5, summary: "back again" });
      });
    });
  });
}
