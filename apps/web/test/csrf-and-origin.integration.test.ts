// Cross-site request forgery and where pages send signed-out people (issue 9). A browser
// attaches the session cookie to any request another site makes it send: an unsafe request
// that authenticates by cookie must say it comes from Tandem's own pages (Sec-Fetch-Site:
// same-origin, or an Origin of this host). Tokens are not sent by browsers on their own, so
// bearer requests are not subject to it. (A foreign Host is refused with 421 before any of this:
// host-and-headers.integration.test.ts.)
import http from "node:http";
import { createTestDatabase, signUp, startServer, testProviders, type TestAccount, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApi, useServer, type Reply } from "./support/harness.ts";

const FOREIGN = "https://evil.example";

/** A page request without following redirects (fetch would follow a 303). */
function page(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; location: string | undefined }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: "GET", headers: { connection: "close", accept: "text/html", ...headers } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode!, location: res.headers.location }));
    });
    req.on("error", reject);
    req.end();
  });
}

for (const provider of testProviders()) {
  describe(`the same-origin rule for cookies (${provider})`, () => {
    const server = useServer(provider);
    let ann: TestAccount;
    let bo: TestAccount;
    let origin: string;

    beforeAll(async () => {
      ann = server().owner;
      bo = (await server().person("Bo Csrf")).account;
      origin = new URL(server().baseUrl).origin;
    });

    /** A request as a browser with Ann's session cookie (no token). */
    function withCookie(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
      return makeApi(server().baseUrl, null).request(method, path, { headers: { cookie: ann.cookie, ...headers }, ...(body === undefined ? {} : { body }) });
    }

    /** Each unsafe method on its own fresh document, with what it needs to succeed when let through. */
    async function unsafeRequests() {
      const [put, patch, share, del] = await Promise.all(["put", "patch", "share", "delete"].map((t) => server().seed(`csrf ${t}`, "csrf\n")));
      return [
        { name: "POST /api/documents", method: "POST", path: "/api/documents", headers: {}, body: { title: "made", content: "made\n" }, success: 201 },
        { name: "PUT /api/documents/:id", method: "PUT", path: `/api/documents/${put!.id}`, headers: { "if-match": put!.etag }, body: { title: "put", content: "put\n" }, success: 200 },
        { name: "PATCH /api/documents/:id", method: "PATCH", path: `/api/documents/${patch!.id}`, headers: { "if-match": patch!.etag, "content-type": "application/merge-patch+json" }, body: { content: "patched\n" }, success: 200 },
        { name: "PUT /api/documents/:id/members/:email", method: "PUT", path: `/api/documents/${share!.id}/members/${encodeURIComponent(bo.email)}`, headers: {}, body: { role: "viewer" }, success: 201 },
        { name: "DELETE /api/documents/:id", method: "DELETE", path: `/api/documents/${del!.id}`, headers: { "if-match": del!.etag }, body: undefined, success: 204 },
        { name: "POST /api/tokens", method: "POST", path: "/api/tokens", headers: {}, body: { label: "csrf" }, success: 201 },
      ] as const;
    }

    it.each([
      ["neither Origin nor Sec-Fetch-Site", {}],
      ["a foreign Origin", { origin: FOREIGN }],
      ['Origin "null"', { origin: "null" }],
      ["an Origin of this host on another port", { origin: "http://127.0.0.1:1" }],
      ["Sec-Fetch-Site: cross-site (even with this Origin)", { "sec-fetch-site": "cross-site", origin: "SELF" }],
      ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
    ])("cookie + %s → 403 for POST, PUT, PATCH, DELETE, and nothing changes", async (_what, given: Record<string, string>) => {
      const headers = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v === "SELF" ? origin : v]));
      const before = (await server().request("GET", "/api/documents")).body.length;
      const tokensBefore = (await server().request("GET", "/api/tokens")).body.length;
      for (const r of await unsafeRequests()) {
        const answer = await withCookie(r.method, r.path, { ...r.headers, ...headers }, r.body);
        expect(answer.status, `${r.name}: ${answer.text}`).toBe(403);
        expect(answer.headers.get("content-type")).toBe("application/problem+json");
        expect(answer.body).toMatchObject({ code: "forbidden" });
      }
      const after = await server().request("GET", "/api/documents");
      // unsafeRequests() seeds four documents per run, through Ann's token; none changed.
      expect(after.body.length).toBe(before + 4);
      for (const d of after.body.slice(0, 4)) expect(d).toMatchObject({ version: 1, title: expect.stringMatching(/^csrf /) });
      expect((await server().request("GET", "/api/tokens")).body.length).toBe(tokensBefore);
    });

    it.each([
      ["Origin of this server", "origin"],
      ["Sec-Fetch-Site: same-origin", "sec-fetch-site"],
    ])("cookie + %s → the request goes through", async (_what, header) => {
      const headers: Record<string, string> = header === "origin" ? { origin } : { "sec-fetch-site": "same-origin" };
      for (const r of await unsafeRequests()) {
        const answer = await withCookie(r.method, r.path, { ...r.headers, ...headers }, r.body);
        expect(answer.status, `${r.name}: ${answer.text}`).toBe(r.success);
      }
    });

    it("bearer requests are not subject to it, whatever Origin or Sec-Fetch-Site say", async () => {
      for (const headers of [{}, { origin: FOREIGN }, { "sec-fetch-site": "cross-site" }] as Record<string, string>[]) {
        for (const r of await unsafeRequests()) {
          const answer = await server().request(r.method, r.path, { headers: { ...r.headers, ...headers }, ...(r.body === undefined ? {} : { body: r.body }) });
          expect(answer.status, `${r.name} ${JSON.stringify(headers)}: ${answer.text}`).toBe(r.success);
        }
      }
    });

    it("safe methods with a cookie need no Origin", async () => {
      const d = await server().seed();
      expect((await withCookie("GET", `/api/documents/${d.id}`, {})).status).toBe(200);
      expect((await withCookie("GET", "/api/me", { origin: FOREIGN, "sec-fetch-site": "cross-site" })).status).toBe(200);
    });

    it("a 403 for a foreign origin comes after the 401: without a valid session it is a 401", async () => {
      const r = await makeApi(server().baseUrl, null).request("POST", "/api/documents", { headers: { cookie: "tandem.session_token=forged.c2ln", origin: FOREIGN }, body: { title: "x", content: "y" } });
      expect(r.status).toBe(401);
    });

    describe("POST /api/auth/*", () => {
      const post = (path: string, body: unknown, headers: Record<string, string>) =>
        fetch(`${server().baseUrl}/api/auth${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

      it.each([
        ["a foreign Origin", { origin: FOREIGN }],
        ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
        ["no Origin at all", {}],
      ])("sign-in with %s → 403, no cookie", async (_what, headers: Record<string, string>) => {
        const r = await post("/sign-in/email", { email: ann.email, password: ann.password }, headers);
        expect(r.status).toBe(403);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
        expect(r.headers.getSetCookie()).toEqual([]);
      });

      it("sign-in from this origin works", async () => {
        const r = await post("/sign-in/email", { email: ann.email, password: ann.password }, { origin });
        expect(r.status).toBe(200);
        expect(r.headers.getSetCookie().some((c) => c.includes("session_token="))).toBe(true);
      });

      it("sign-up and sign-out from a foreign origin → 403; the session lives on", async () => {
        const up = await post("/sign-up/email", { name: "Evil", email: "evil@example.com", password: "evil password" }, { origin: FOREIGN });
        expect(up.status).toBe(403);
        const signedIn = await post("/sign-in/email", { email: ann.email, password: ann.password }, { origin });
        const cookie = signedIn.headers.getSetCookie().find((c) => c.includes("session_token="))!.split(";")[0]!;
        const out = await post("/sign-out", {}, { origin: FOREIGN, cookie });
        expect(out.status).toBe(403);
        expect((await fetch(`${server().baseUrl}/api/me`, { headers: { cookie } })).status).toBe(200);
      });
    });
  });

  describe(`where pages send signed-out people (${provider})`, () => {
    let db: TestDatabase;
    let server: TestServer;

    beforeAll(async () => {
      db = await createTestDatabase(provider);
      server = await startServer({ databaseUrl: db.url });
    });
    afterAll(async () => {
      await server?.stop();
      await db?.drop();
    });

    // In order: the first two see a database without accounts.
    it("a fresh install sends every page to /sign-up", async () => {
      for (const path of ["/", "/documents/abc", "/settings"]) {
        const r = await page(server.baseUrl, path);
        expect(r, path).toEqual({ status: 303, location: "/sign-up" });
      }
      expect((await page(server.baseUrl, "/sign-up")).status).toBe(200);
    });

    it("assets are served without a session", async () => {
      expect((await page(server.baseUrl, "/icon.svg")).status).toBe(200);
    });

    it("once an account exists, a signed-out page request → 303 /sign-in?next=<where it was going>", async () => {
      await signUp(server.baseUrl, { name: "Ann" });
      expect(await page(server.baseUrl, "/")).toEqual({ status: 303, location: "/sign-in?next=%2F" });
      expect(await page(server.baseUrl, "/documents/abc?view=history")).toEqual({ status: 303, location: "/sign-in?next=%2Fdocuments%2Fabc%3Fview%3Dhistory" });
      expect((await page(server.baseUrl, "/sign-in")).status).toBe(200);
      // A forged or ended session is signed out too.
      expect((await page(server.baseUrl, "/", { cookie: "tandem.session_token=forged.c2ln" })).status).toBe(303);
    });

    it("a signed-in page request renders; /sign-in with a session → 303 to next, only when it is a path of this site", async () => {
      const bo = await signUp(server.baseUrl, { name: "Bo" });
      const cookie = { cookie: bo.cookie };
      expect((await page(server.baseUrl, "/", cookie)).status).toBe(200);
      const cases: [string, string][] = [
        ["/sign-in", "/"],
        ["/sign-in?next=%2Fdocuments%2Fabc", "/documents/abc"],
        ["/sign-in?next=%2F%2Fevil.example", "/"],
        ["/sign-in?next=//evil.example/x", "/"],
        ["/sign-in?next=%2F%5Cevil.example", "/"],
        ["/sign-in?next=https%3A%2F%2Fevil.example", "/"],
        ["/sign-in?next=javascript%3Aalert(1)", "/"],
        ["/sign-up?next=%2Fsettings", "/settings"],
      ];
      for (const [path, location] of cases) expect(await page(server.baseUrl, path, cookie), path).toEqual({ status: 303, location });
    });
  });
}
