// The API's description as the real server serves it, and the real answers checked against the
// response schemas the document is generated from.
import { testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as schemas from "@/features/api-reference/server/response-schemas.ts";
import { AUTH_OPERATIONS, REFUSED_AUTH_METHODS } from "@/features/api-reference/server/auth-operations.ts";
import { DOCS_CONTENT_SECURITY_POLICY } from "@/features/api-reference/server/api-reference-routes.ts";
import { useServer } from "./support/harness.ts";

for (const provider of testProviders()) {
  describe(`GET /api/openapi.json and /api/docs (${provider})`, () => {
    const server = useServer(provider);

    it("serves the OpenAPI 3.1 document to anyone", async () => {
      const r = await server().anonymous.request("GET", "/api/openapi.json");
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(r.body.openapi).toBe("3.1.0");
      expect(r.body.paths["/api/documents/{id}"].put).toBeDefined();
      expect(r.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    });

    it("serves the reference page and its own assets under a policy that allows nothing else", async () => {
      const page = await server().anonymous.request("GET", "/api/docs");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.headers.get("content-security-policy")).toBe(DOCS_CONTENT_SECURITY_POLICY);
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(sources.sort()).toEqual(["/api/docs/init.js", "/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui.css"]);
      expect(page.text).not.toMatch(/<script>(?!<)/);
      for (const source of sources) {
        const asset = await server().anonymous.request("GET", source);
        expect(asset.status, source).toBe(200);
        expect(asset.text.length, source).toBeGreaterThan(source.endsWith("init.js") ? 100 : 10_000);
        expect(asset.headers.get("content-type")).toMatch(source.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      }
      expect((await server().anonymous.request("GET", "/api/docs/init.js")).text).toContain('"/api/openapi.json"');
      for (const missing of ["/api/docs/package.json", "/api/docs/..%2Fpackage.json", "/api/docs/index.html"]) {
        expect((await server().anonymous.request("GET", missing)).status, missing).toBe(404);
      }
    });

    it("the server's answers fit the document's response schemas", async () => {
      const s = server();
      const doc = await s.seed("Schema check", "one\n");
      await s.request("PUT", `/api/documents/${doc.id}`, { headers: { "if-match": doc.etag }, body: { title: "Schema check", content: "two\n" } });
      const member = await s.member(doc.id, "Mia Member");
      const token = await s.request("POST", "/api/tokens", { body: { label: "schema" } });
      const checks: [string, z.ZodType, unknown][] = [
        ["GET /api/documents", schemas.documentSummary.array(), (await s.request("GET", "/api/documents")).body],
        ["GET /api/documents/:id", schemas.documentView, (await s.request("GET", `/api/documents/${doc.id}`)).body],
        ["GET revisions", schemas.revisionSummary.array(), (await s.request("GET", `/api/documents/${doc.id}/revisions`)).body],
        ["GET revision", schemas.revision, (await s.request("GET", `/api/documents/${doc.id}/revisions/1`)).body],
        ["GET members", schemas.member.array(), (await s.request("GET", `/api/documents/${doc.id}/members`)).body],
        ["GET activity", schemas.auditEntry.array(), (await s.request("GET", `/api/documents/${doc.id}/activity`)).body],
        ["GET /api/me", schemas.me, (await member.request("GET", "/api/me")).body],
        ["POST /api/tokens", schemas.createdApiToken, token.body],
        ["GET /api/tokens", schemas.apiTokenSummary.array(), (await s.request("GET", "/api/tokens")).body],
        ["GET /api/signup", schemas.signupPolicy, (await s.anonymous.request("GET", "/api/signup")).body],
        ["GET /api/health", schemas.health, (await s.anonymous.request("GET", "/api/health")).body],
        ["412", schemas.problem, (await s.request("PUT", `/api/documents/${doc.id}`, { headers: { "if-match": doc.etag }, body: { title: "x", content: "y\n" } })).body],
        ["422", schemas.problem, (await s.request("POST", "/api/documents", { body: { title: 1 } })).body],
      ];
      for (const [label, schema, body] of checks) expect(schema.safeParse(body).error, label).toBeUndefined();
      const stale = await s.request("PUT", `/api/documents/${doc.id}`, { headers: { "if-match": doc.etag, prefer: "merge" }, body: { title: "Schema check", content: "one\n" } });
      expect(schemas.mergedDocumentView.safeParse(stale.body).error ?? stale.status).toBe(200);
    });

    it("every /api/auth/* operation of the document answers 200 with a body its schema takes", async () => {
      const { baseUrl } = server();
      const email = `schema-${Date.now().toString(36)}@example.com`;
      const passwords = ["first passphrase 1", "second passphrase 2"];
      const answered = new Map<string, unknown>();
      /** Calls an operation as a browser on Tandem's own page would; returns the session cookie it set, if any. */
      async function call(method: "GET" | "POST", endpoint: string, cookie: string | null, body?: unknown): Promise<{ body: unknown; cookie: string | null }> {
        const headers: Record<string, string> = { origin: baseUrl, ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) };
        const r = await fetch(`${baseUrl}/api/auth${endpoint}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await r.text();
        expect(r.status, `${method} ${endpoint}: ${text}`).toBe(200);
        const parsed = JSON.parse(text) as unknown;
        answered.set(`${method} ${endpoint}`, parsed);
        const set = r.headers.getSetCookie().find((c) => c.includes("session_token=") && !/max-age=0/i.test(c));
        return { body: parsed, cookie: set ? set.split(";")[0]! : null };
      }
      const signedUp = await call("POST", "/sign-up/email", null, { name: "Schema Check", email, password: passwords[0] });
      const first = (await call("POST", "/sign-in/email", null, { email, password: passwords[0] })).cookie!;
      await call("GET", "/get-session", first);
      await call("GET", "/list-sessions", first);
      await call("POST", "/update-user", first, { name: "Schema Checked" });
      const { token } = (answered.get("GET /get-session") as { session: { token: string } }).session;
      const ofSignUp = (await call("GET", "/list-sessions", signedUp.cookie)).body as { token: string }[];
      await call("POST", "/revoke-session", first, { token: ofSignUp.find((session) => session.token !== token)!.token });
      const changed = (await call("POST", "/change-password", first, { currentPassword: passwords[0], newPassword: passwords[1], revokeOtherSessions: true })).cookie!;
      const other = (await call("POST", "/sign-in/email", null, { email, password: passwords[1] })).cookie!;
      await call("POST", "/revoke-other-sessions", other, {});
      await call("POST", "/revoke-sessions", other, {});
      const last = (await call("POST", "/sign-in/email", null, { email, password: passwords[1] })).cookie!;
      await call("POST", "/sign-out", last, {});
      expect(changed).not.toBe(first);
      const documented = AUTH_OPERATIONS.map((o) => `${o.method} ${o.endpoint}`);
      expect([...answered.keys()].sort()).toEqual([...documented].sort());
      for (const operation of AUTH_OPERATIONS) {
        const label = `${operation.method} ${operation.endpoint}`;
        expect(operation.response.schema.safeParse(answered.get(label)).error, label).toBeUndefined();
      }
      // What the document leaves out as refused is refused indeed, even signed in.
      const signedIn = (await call("POST", "/sign-in/email", null, { email, password: passwords[1] })).cookie!;
      for (const { method, endpoint } of REFUSED_AUTH_METHODS) {
        const r = await fetch(`${baseUrl}/api/auth${endpoint}`, { method, headers: { origin: baseUrl, cookie: signedIn, "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
        expect(r.status, `${method} ${endpoint}`).toBe(405);
        // Its problem body says the same status, under the matching code.
        expect(await r.json(), `${method} ${endpoint}`).toMatchObject({ status: 405, code: "method-not-allowed" });
      }
    });
  });
}
