import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The policy with nonces as the built server sends it, against the HTML Next renders. The
// database plays no part (one provider is enough) and neither do accounts: what a signed-out
// visitor gets is what is checked.

interface Page {
  url: string;
  status: number;
  policy: string;
  nonce: string;
  html: string;
}

async function getPage(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<Page> {
  // Signed out, pages may redirect to the sign-in page: the one that arrives is what counts.
  const res = await fetch(`${baseUrl}${path}`, { headers, redirect: "follow" });
  const policy = res.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1] ?? "";
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  return { url: res.url, status: res.status, policy, nonce, html: await res.text() };
}

/** Every <script …> start tag in the document. */
function scriptTags(html: string): string[] {
  return html.match(/<script\b[^>]*>/gi) ?? [];
}

describe("Content-Security-Policy of the built server", () => {
  let db: TestDatabase;
  let server: TestServer;
  const api = () => server;

  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    server = await startServer({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  // "/sign-in" and "/sign-up" are the pages everyone can reach; "/" may redirect there; an unknown path is
  // Next's not-found page, which runs scripts too.
  it.each(["/sign-in", "/sign-up", "/", "/no-such-page"])("%s: every script carries the response's nonce, none runs without it", async (path) => {
    const page = await getPage(api().baseUrl, path);
    expect([200, 404], page.url).toContain(page.status);
    expect(page.policy).toMatch(/(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'(;|$)/);
    expect(page.policy).toContain("frame-ancestors 'none'");
    expect(page.policy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    const tags = scriptTags(page.html);
    // Next's inline bootstrap and flight data, and its script files.
    expect(tags.filter((tag) => !/\ssrc=/.test(tag)).length).toBeGreaterThan(0);
    expect(tags.filter((tag) => /\ssrc=/.test(tag)).length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(` nonce="${page.nonce}"`);
    // No other nonce anywhere (Next also puts it on its stylesheet and preload links), and no
    // event-handler attributes, which no nonce can allow.
    expect(new Set([...page.html.matchAll(/\snonce="([^"]*)"/g)].map((m) => m[1]))).toEqual(new Set([page.nonce]));
    expect(page.html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
  });

  it("the nonce is new for every response", async () => {
    const nonces = [];
    for (let i = 0; i < 5; i++) nonces.push((await getPage(api().baseUrl, "/sign-in")).nonce);
    expect(new Set(nonces).size).toBe(5);
  });

  it("a policy sent by the client is not the one Next renders nonces from", async () => {
    const attacker = "YXR0YWNrZXJhdHRhY2tlcg==";
    const page = await getPage(api().baseUrl, "/sign-in", { "content-security-policy": `script-src 'nonce-${attacker}'` });
    expect(page.nonce).not.toBe(attacker);
    expect(page.html).not.toContain(attacker);
    for (const tag of scriptTags(page.html)) expect(tag).toContain(` nonce="${page.nonce}"`);
  });

  it("script files are served as JavaScript, which nosniff requires, under the same headers", async () => {
    const page = await getPage(api().baseUrl, "/sign-in");
    const src = /<script\b[^>]*\ssrc="([^"]+)"/.exec(page.html)![1]!;
    const res = await fetch(`${api().baseUrl}${src}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^(application|text)\/javascript/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    await res.arrayBuffer();
  });

  it.each([
    ["an API answer", "/api/health"],
    ["a problem", "/api/documents/-nope"],
  ])("%s gets the API's policy: nothing loads, nothing frames it", async (_name, path) => {
    const res = await fetch(`${api().baseUrl}${path}`);
    await res.arrayBuffer();
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("pages and API answers carry the other security headers", async () => {
    for (const path of ["/sign-in", "/api/health"]) {
      const res = await fetch(`${api().baseUrl}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid", "display-capture", "browsing-topics"]) {
        expect(res.headers.get("permissions-policy"), path).toContain(`${feature}=()`);
      }
    }
  });
});
