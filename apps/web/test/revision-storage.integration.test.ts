// Revision storage behind the API (issue 13): every revision of a history written through the
// server reads back byte for byte with its ETag, `revisions verify` walks every chain, and a
// corrupt stored content is a logged 500 and a reported mismatch — never a wrong answer.
import { execFile } from "node:child_process";
import path from "node:path";
import { pgQuery, REPO_ROOT, sqliteQuery, testProviders, type TestDatabase } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer } from "./support/harness.ts";

const CLI = path.join(REPO_ROOT, "apps", "web", "dist-server", "server", "cli.js");
const MERGE = { "content-type": "application/merge-patch+json" };

function verify(databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, "revisions", "verify"], { cwd: path.join(REPO_ROOT, "apps", "web"), env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function sql(db: TestDatabase, text: string, params: unknown[]) {
  if (db.provider === "postgresql") return pgQuery(db.url, text, params);
  return sqliteQuery(db.name, text.replace(/\$\d/g, "?"), params);
}

for (const provider of testProviders()) {
  describe(`GET /api/documents/:id/revisions/:version over the content store (${provider})`, () => {
    const api = useServer(provider);

    it("every revision reads back byte for byte with its ETag: edits, a title change, a delete, a re-create", async () => {
      const lines = ["first line\r\n", "ünïcødé — 😀\n", "tab\there\n", "no final newline"];
      const d = await api().seed("Start", lines.join(""));
      const written = [{ version: 1, title: "Start", content: lines.join(""), etag: d.etag }];
      let etag = d.etag;
      for (let i = 0; i < 12; i++) {
        lines.splice(1 + (i % 3), i % 4 === 0 ? 1 : 0, `edit ${i}\r\n`);
        const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": etag }, body: { title: "Start", content: lines.join("") } });
        expect(r.status).toBe(200);
        etag = r.headers.get("etag")!;
        written.push({ version: r.body.version, title: "Start", content: lines.join(""), etag });
      }
      const renamed = await api().request("PATCH", `/api/documents/${d.id}`, { headers: { ...MERGE, "if-match": etag }, raw: JSON.stringify({ title: "Renamed" }) });
      etag = renamed.headers.get("etag")!;
      written.push({ version: renamed.body.version, title: "Renamed", content: lines.join(""), etag });
      const deleted = await api().request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": etag } });
      expect(deleted.status).toBeLessThan(300);
      const back = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-none-match": "*" }, body: { title: "Back", content: lines.join("") } });
      expect(back.status).toBe(201);
      written.push({ version: back.body.version, title: "Back", content: lines.join(""), etag: back.headers.get("etag")! });

      for (const w of written) {
        const r = await api().request("GET", `/api/documents/${d.id}/revisions/${w.version}`);
        expect(r.status, `version ${w.version}`).toBe(200);
        expect(r.headers.get("etag")).toBe(w.etag);
        expect(r.body).toMatchObject({ title: w.title, content: w.content, etag: w.etag.slice(1, -1) });
        expect(Buffer.from(r.body.content, "utf8").equals(Buffer.from(w.content, "utf8"))).toBe(true);
      }
      const result = await verify(api().db.url);
      expect(result).toMatchObject({ code: 0, stdout: "" });
      expect(result.stderr).toMatch(/revision\(s\).*: no mismatch/);
    });

    it("a corrupt stored content: the read is a 500 problem, `revisions verify` prints the mismatch and exits 1", async () => {
      const d = await api().seed("Doomed", "one\ntwo\nthree\n");
      await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Doomed", content: "one\n2\nthree\n" } });
      await sql(api().db, `UPDATE "RevisionContent" SET "codec" = 'raw', "data" = $1 WHERE "documentId" = $2 AND "baseHash" IS NULL RETURNING "hash"`, [Buffer.from("ONE\ntwo\nthree\n"), d.id]);
      for (const version of [1, 2]) {
        const r = await api().request("GET", `/api/documents/${d.id}/revisions/${version}`);
        expect(r.status).toBe(500);
        expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(r.text).not.toContain("ONE");
      }
      // The current document is a plain row: it still reads.
      expect((await api().request("GET", `/api/documents/${d.id}`)).body.content).toBe("one\n2\nthree\n");
      const result = await verify(api().db.url);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`document ${d.id} version 1: stored content`);
      expect(result.stdout).toContain(`document ${d.id} version 2:`);
      expect(result.stderr).toMatch(/2 mismatch\(es\)/);
    });
  });
}
