import { testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { diffTools, random, randomCase } from "./support/diff-oracle.ts";
import { useServer, type Api } from "./support/harness.ts";

const DIFF = { "content-type": "text/x-diff" };
const { gnuDiff, gitDiff } = diffTools();

for (const provider of testProviders()) {
  describe(`PATCH /api/documents/:id with Content-Type: text/x-diff (${provider})`, () => {
    const api = useServer(provider);

    function patch(as: Api, id: string, etag: string | null, diff: string, headers: Record<string, string> = {}, query = "") {
      return as.request("PATCH", `/api/documents/${id}${query}`, { headers: { ...DIFF, ...(etag ? { "if-match": etag } : {}), ...headers }, raw: diff });
    }

    async function read(id: string) {
      return (await api().request("GET", `/api/documents/${id}`)).body as { title: string; content: string; version: number };
    }

    /** Seeds `before`, PATCHes the diff to `after`, and checks the stored content byte for byte. */
    async function roundTrip(before: string, after: string, diff: string) {
      const d = await api().seed("Kept title", before);
      const r = await patch(api(), d.id, d.etag, diff);
      expect(r.status, r.text).toBe(200);
      expect(r.body).toMatchObject({ title: "Kept title", content: after, version: 2 });
      expect(r.headers.get("etag")).toMatch(/^"2\./);
      expect(r.headers.get("preference-applied")).toBeNull();
      expect((await read(d.id)).content).toBe(after);
      expect((await api().request("GET", `/api/documents/${d.id}/revisions/2`)).body).toMatchObject({ title: "Kept title", content: after });
    }

    it("a diff -u patch → 200: the content is the target byte for byte, the title stays, a revision is stored", async () => {
      const before = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
      const after = before.replace("line 2\n", "line two\n").replace("line 30\n", "line thirty\nand more\n");
      await roundTrip(before, after, gnuDiff(before, after));
    });

    it("a patch produced by git diff (diff --git, index, a/ b/ names)", async () => {
      const before = "# Plan\n\nfirst\nsecond\n";
      const after = "# Plan\n\nfirst, revised\nsecond\nthird\n";
      const diff = gitDiff(before, after);
      expect(diff).toMatch(/^diff --git /);
      expect(diff).toMatch(/\nindex [0-9a-f]+\.\.[0-9a-f]+/);
      await roundTrip(before, after, diff);
    });

    it("CRLF lines keep their CR", async () => {
      const before = "one\r\ntwo\r\nthree\r\n";
      const after = "one\r\nTWO\r\nthree\r\nfour\r\n";
      await roundTrip(before, after, gnuDiff(before, after));
    });

    it("no final newline (\\ No newline at end of file): taken away, given back, and on a changed last line", async () => {
      for (const [before, after] of [
        ["a\nb\n", "a\nb"],
        ["a\nb", "a\nb\n"],
        ["a\nb", "a\nc"],
      ] as const) {
        const diff = gnuDiff(before, after);
        expect(diff).toContain("\\ No newline at end of file");
        await roundTrip(before, after, diff);
      }
    });

    it("creation and deletion of lines at both ends, and of every line", async () => {
      const before = "one\ntwo\nthree\n";
      for (const after of ["zero\none\ntwo\nthree\n", "one\ntwo\nthree\nfour\n", "two\nthree\n", "one\ntwo\n", ""]) {
        await roundTrip(before, after, gnuDiff(before, after));
      }
    });

    it("random edits, diff -u and git diff alike: the stored content is the target byte for byte", async () => {
      const rnd = random(provider.length * 104_729);
      for (let i = 0; i < 12; i++) {
        const { before, after } = randomCase(rnd);
        const diff = (i % 2 ? gitDiff : gnuDiff)(before, after, Math.floor(rnd() * 4));
        const d = await api().seed("random", before);
        const r = await patch(api(), d.id, d.etag, diff);
        expect(r.status, `case ${i}:\n${diff}\n${r.text}`).toBe(200);
        expect((await read(d.id)).content, `case ${i}:\n${diff}`).toBe(after);
      }
    });

    it("a context mismatch → 409 problem+json naming the hunk; nothing is applied", async () => {
      const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
      const diff = gnuDiff(before, before.replace("line 3\n", "LINE 3\n").replace("line 20\n", "LINE 20\n"));
      const d = await api().seed("t", before.replace("line 19\n", "line nineteen\n"));
      const r = await patch(api(), d.id, d.etag, diff);
      expect(r.status).toBe(409);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.body).toMatchObject({ code: "patch-does-not-apply", hunk: 2, at: "@@ -17,7 +17,7 @@", line: 19, expected: "line 19\n", found: "line nineteen\n", version: 1 });
      expect(r.body.detail).toMatch(/Hunk 2 \(@@ -17,7 \+17,7 @@\)/);
      expect(await read(d.id)).toMatchObject({ version: 1 });
    });

    it("malformed, several files or no hunk → 400 invalid-diff naming the problem; nothing changes", async () => {
      const d = await api().seed("t", "a\n");
      const one = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";
      for (const [body, problem] of [
        ["not a diff at all\n", /no hunk/],
        ["", /no hunk/],
        [`${one}--- a/y\n+++ b/y\n@@ -1 +1 @@\n-c\n+d\n`, /2 files/],
        ["@@ -1 +1 @@\n-a\n+b\n+c\n", /more lines/],
      ] as const) {
        const r = await patch(api(), d.id, d.etag, body);
        expect(r.status, body).toBe(400);
        expect(r.body).toMatchObject({ code: "invalid-diff", problem: expect.stringMatching(problem) });
      }
      expect(await read(d.id)).toMatchObject({ version: 1, content: "a\n" });
    });

    it("a result that could not be stored (NUL) → 422; nothing changes", async () => {
      const d = await api().seed("t", "a\n");
      const r = await patch(api(), d.id, d.etag, "@@ -1 +1 @@\n-a\n+a\u0000b\n");
      expect(r.status).toBe(422);
      expect(await read(d.id)).toMatchObject({ version: 1 });
    });

    it("If-Match is required and must name one version: none, * or a list → 428", async () => {
      const d = await api().seed("t", "a\n");
      const diff = "@@ -1 +1 @@\n-a\n+b\n";
      for (const ifMatch of [null, "*", `${d.etag}, "2.other"`]) {
        const r = await patch(api(), d.id, ifMatch, diff);
        expect(r.status, String(ifMatch)).toBe(428);
        expect(r.body).toMatchObject({ code: "precondition-required" });
      }
      expect(await read(d.id)).toMatchObject({ version: 1 });
    });

    it("stale If-Match without Prefer: merge → the usual 412 with the current document", async () => {
      const d = await api().seed("t", "a\nb\n");
      await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "t", content: "a\nb\nc\n" } });
      const r = await patch(api(), d.id, d.etag, "@@ -1 +1 @@\n-a\n+A\n");
      expect(r.status).toBe(412);
      expect(r.body).toMatchObject({ code: "precondition-failed", current: { version: 2, content: "a\nb\nc\n" } });
    });

    it("Prefer: merge: the diff applies to the If-Match version, then merges over what came since", async () => {
      const base = "one\ntwo\nthree\nfour\nfive\nsix\nseven\n";
      const d = await api().seed("t", base);
      const bo = await api().member(d.id, "Bo");
      expect((await bo.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Bo's title", content: base.replace("seven", "SEVEN (Bo)") } })).status).toBe(200);
      // Made against v1, and would not apply to v2 as it stands (its context has "seven").
      const diff = gnuDiff(base, base.replace("five", "FIVE (Ann)"));
      const r = await patch(api(), d.id, d.etag, diff, { prefer: "merge" });
      expect(r.status, r.text).toBe(200);
      expect(r.headers.get("preference-applied")).toBe("merge");
      expect(r.body).toMatchObject({ title: "Bo's title", content: base.replace("five", "FIVE (Ann)").replace("seven", "SEVEN (Bo)"), version: 3, merged: { base: 1, over: [2] } });
    });

    it("Prefer: merge with a true conflict → 409 conflict with the conflicts; a hunk that does not apply to the base → 409 naming it", async () => {
      const d = await api().seed("t", "one\ntwo\nthree\n");
      await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "t", content: "one\nTWO (Bo)\nthree\n" } });
      const conflict = await patch(api(), d.id, d.etag, gnuDiff("one\ntwo\nthree\n", "one\nTWO (Ann)\nthree\n"), { prefer: "merge" });
      expect(conflict.status).toBe(409);
      expect(conflict.body).toMatchObject({ code: "conflict", current: { version: 2 }, conflicts: { content: [{ kind: "conflict", mine: ["TWO (Ann)\n"], theirs: ["TWO (Bo)\n"] }] } });
      // Made against v2's content, sent with v1's ETag: it does not fit v1.
      const wrongBase = await patch(api(), d.id, d.etag, gnuDiff("one\nTWO (Bo)\nthree\n", "one\nTWO (Bo)\nthree\nfour\n"), { prefer: "merge" });
      expect(wrongBase.status).toBe(409);
      expect(wrongBase.body).toMatchObject({ code: "patch-does-not-apply", hunk: 1, version: 1 });
      expect(await read(d.id)).toMatchObject({ version: 2 });
    });

    it("dry run: the answer the patch would get, nothing stored", async () => {
      const d = await api().seed("t", "a\nb\n");
      const r = await patch(api(), d.id, d.etag, "@@ -2 +2 @@\n-b\n+B\n", {}, "?dryRun=true");
      expect(r.status).toBe(200);
      expect(r.headers.get("tandem-dry-run")).toBe("true");
      expect(r.body).toMatchObject({ content: "a\nB\n", version: 2 });
      expect(await read(d.id)).toMatchObject({ version: 1, content: "a\nb\n" });
    });

    it("Idempotency-Key: the same diff again replays the first answer; another diff under the key → 422", async () => {
      const d = await api().seed("t", "a\nb\n");
      const key = { "idempotency-key": `diff-${Math.random().toString(36).slice(2)}` };
      const first = await patch(api(), d.id, d.etag, "@@ -2 +2 @@\n-b\n+B\n", key);
      const again = await patch(api(), d.id, d.etag, "@@ -2 +2 @@\n-b\n+B\n", key);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.body).toEqual(first.body);
      const other = await patch(api(), d.id, d.etag, "@@ -2 +2 @@\n-b\n+C\n", key);
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: "idempotency-key-mismatch" });
      expect(await read(d.id)).toMatchObject({ version: 2, content: "a\nB\n" });
    });

    it("OPTIONS and a 415 name both patch formats in Accept-Patch", async () => {
      const d = await api().seed();
      const r = await api().request("PATCH", `/api/documents/${d.id}`, { headers: { "content-type": "text/plain", "if-match": d.etag }, raw: "x" });
      expect(r.status).toBe(415);
      expect(r.headers.get("accept-patch")).toBe("application/merge-patch+json, text/x-diff");
    });
  });
}
