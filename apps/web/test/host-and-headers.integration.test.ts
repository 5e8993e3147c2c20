import http from "node:http";
import { createTestDatabase, signUp, startServer, testProviders, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** fetch() cannot set Host; a raw request can. */
function request(baseUrl: string, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method, headers: { connection: "close", ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

// The Content-Security-Policy differs between API answers and pages (a nonce per page); both
// refuse framing: checked separately below.
const SECURITY = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

for (const provider of testProviders()) {
  describe(`Host allow-list and security headers (${provider})`, () => {
    let db: TestDatabase;
    let server: TestServer;
    let port: string;

    beforeAll(async () => {
      db = await createTestDatabase(provider);
      server = await startServer({ databaseUrl: db.url, env: { TANDEM_ALLOWED_HOSTS: "tandem.example" } });
      port = new URL(server.baseUrl).port;
    });
    afterAll(async () => {
      await server?.stop();
      await db?.drop();
    });

    it.each([
      ["rebind.evil.example", 421],
      [`rebind.evil.example:${"PORT"}`, 421],
      ["127.0.0.1:1", 421],
      [`127.0.0.1:${"PORT"}`, 200],
      [`localhost:${"PORT"}`, 200],
      ["tandem.example", 200],
      ["tandem.example:8443", 200],
    ])("GET /api/health with Host %s → %i", async (host, status) => {
      const r = await request(server.baseUrl, "/api/health", { host: host.replace("PORT", port) });
      expect(r.status).toBe(status);
      if (status === 421) {
        expect(r.headers["content-type"]).toBe("application/problem+json");
        expect(JSON.parse(r.body)).toMatchObject({ status: 421, code: "misdirected-request" });
      }
    });

    it("a foreign Host is refused before any route: no page, no document, no write", async () => {
      const { token } = await signUp(server.baseUrl);
      const auth = { authorization: `Bearer ${token}` };
      const created = await fetch(`${server.baseUrl}/api/documents`, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ title: "secret title", content: "secret content" }) });
      const { id } = (await created.json()) as { id: string };
      for (const [path, method] of [["/", "GET"], [`/api/documents/${id}`, "GET"], [`/api/documents/${id}`, "DELETE"], ["/api/documents", "GET"]]) {
        const r = await request(server.baseUrl, path!, { host: "rebind.evil.example", "if-match": "*", ...auth }, method);
        expect(r.status, `${method} ${path}`).toBe(421);
        expect(r.body).not.toContain("secret");
      }
      const after = await fetch(`${server.baseUrl}/api/documents/${id}`, { headers: auth });
      expect(after.status).toBe(200);
      expect(((await after.json()) as { version: number }).version).toBe(1);
    });

    it("a foreign Host gets 421 with a session cookie too: no page, no sign-in redirect, no write", async () => {
      const { cookie } = await signUp(server.baseUrl, { name: "Rebound" });
      const sameHost = { host: "rebind.evil.example", origin: "http://rebind.evil.example", cookie };
      for (const [path, method] of [["/", "GET"], ["/sign-in?next=%2F", "GET"], ["/documents/x", "GET"], ["/api/me", "GET"], ["/api/tokens", "POST"], ["/api/auth/sign-out", "POST"]]) {
        const r = await request(server.baseUrl, path!, sameHost, method);
        expect(r.status, `${method} ${path}`).toBe(421);
        expect(r.headers.location).toBeUndefined();
        expect(r.headers["set-cookie"]).toBeUndefined();
        expect(r.body).not.toContain("Rebound");
      }
      // The session survived the rebound sign-out.
      expect((await fetch(`${server.baseUrl}/api/me`, { headers: { cookie } })).status).toBe(200);
    });

    it.each([
      ["an API answer", "/api/health"],
      ["a problem", "/api/documents/-nope"],
      ["a page", "/"],
      ["a refusal of the host", "/api/health"],
    ])("%s carries the security headers", async (name, path) => {
      const host = name === "a refusal of the host" ? "rebind.evil.example" : `127.0.0.1:${port}`;
      const r = await request(server.baseUrl, path, { host });
      expect(r.headers).toMatchObject(SECURITY);
      expect(r.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(r.headers["permissions-policy"]).toContain("camera=()");
    });
  });
}
