import { randomBytes } from "node:crypto";
import { createTestDatabase, pgAdminUrl, pgQuery, signUp, startServer, testProviders, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApi, type Api } from "./support/harness.ts";

// Proof, not a spy: a second server connects as a PostgreSQL role that may not SELECT the
// title and content columns at all. If the 304 (or HEAD) path touched them, PostgreSQL would
// refuse the query. PostgreSQL's column privileges make this check possible; the code path
// is the same on SQLite.
describe.runIf(testProviders().includes("postgresql"))("GET /api/documents/:id conditional path (postgresql column privileges)", () => {
  const role = `tandem_meta_${randomBytes(4).toString("hex")}`;
  let db: TestDatabase;
  let full: TestServer;
  let metaOnly: TestServer;
  let writer: Api;
  let reader: Api;

  beforeAll(async () => {
    db = await createTestDatabase("postgresql");
    full = await startServer({ databaseUrl: db.url });
    writer = makeApi(full.baseUrl, await signUp(full.baseUrl));
    await pgQuery(db.url, `CREATE ROLE "${role}" LOGIN`);
    await pgQuery(db.url, `GRANT USAGE ON SCHEMA public TO "${role}"`);
    await pgQuery(db.url, `GRANT SELECT ("id", "version", "etag", "createdAt", "updatedAt", "updatedBy", "updatedById", "deletedAt") ON "Document" TO "${role}"`);
    // Who is asking: tokens, accounts, memberships, and the stored session secret.
    await pgQuery(db.url, `GRANT SELECT ON "ApiToken", "User", "DocumentMember", "Session", "Verification" TO "${role}"`);
    await pgQuery(db.url, `GRANT SELECT ON "_tandem_migrations" TO "${role}"`);
    const url = new URL(db.url);
    url.username = role;
    metaOnly = await startServer({ databaseUrl: url.toString(), env: { MIGRATE_ON_START: "false" } });
    reader = makeApi(metaOnly.baseUrl, writer.account);
  });

  afterAll(async () => {
    await metaOnly?.stop();
    await full?.stop();
    await db?.drop();
    await pgQuery(pgAdminUrl(), `DROP ROLE IF EXISTS "${role}"`);
  });

  it("answers 304 for a matching If-None-Match without reading title or content", async () => {
    const d = await writer.seed("secret title", "secret content");
    const r = await reader.request("GET", `/api/documents/${d.id}`, { headers: { "if-none-match": d.etag } });
    expect(r.status).toBe(304);
    expect(r.headers.get("etag")).toBe(d.etag);
  });

  it("answers HEAD from the metadata alone", async () => {
    const d = await writer.seed();
    const r = await reader.request("HEAD", `/api/documents/${d.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("etag")).toBe(d.etag);
  });

  it("(control) the same role cannot serve a full GET, so the restriction is real", async () => {
    const d = await writer.seed();
    const r = await reader.request("GET", `/api/documents/${d.id}`);
    expect(r.status).toBe(500);
    const privileged = await writer.request("GET", `/api/documents/${d.id}`);
    expect(privileged.status).toBe(200);
  });
});
