import { describe, expect, it } from "vitest";
import { AppError } from "@/platform/errors.ts";
import { handleApiRequest, type Api, type ApiRoutes } from "@/platform/http/api-handler.ts";
import { json } from "@/platform/http/api-request.ts";
import type { Authenticator, Caller } from "@/platform/http/caller.ts";
import { webApiRequest } from "@/platform/http/web-adapter.ts";

const routes: ApiRoutes = {
  document: {
    GET: (_request, params) => json({ id: params.id }, { headers: { ETag: '"1.x"' } }),
    PUT: () => {
      throw new AppError("precondition-required", "send If-Match");
    },
    DELETE: () => {
      throw new Error("a bug with a secret: hunter2");
    },
    optionsHeaders: { "Accept-Patch": "application/merge-patch+json" },
  },
};

const ANN: Caller = { userId: "u1", name: "Ann", email: "ann@example.com", isAdmin: false, role: "owner", via: "session" };

/** Credentials in this table: "Bearer good" is a token caller, the cookie "s=ok" a session caller. */
const authenticate: Authenticator = async (request) => {
  if (request.header("authorization") === "Bearer good") return { ...ANN, via: "token" };
  if (request.header("cookie") === "s=ok") return ANN;
  throw new AppError("unauthorized", "sign in", {}, { "WWW-Authenticate": 'Bearer realm="tandem"' });
};

const api: Api = { routes, authenticate, auth: async () => json({ auth: true }) };

async function call(method: string, path: string, headers: Record<string, string> = { authorization: "Bearer good" }) {
  const response = await handleApiRequest(api, webApiRequest(new Request(`http://localhost${path}`, { method, headers }), "req-1"));
  return { ...response, json: response.body === null ? null : (JSON.parse(response.body) as Record<string, unknown>) };
}

describe("handleApiRequest (the one API wrapper)", () => {
  it.each([
    ["GET", "/api/documents/a%20b", 200, { id: "a b" }],
    ["HEAD", "/api/documents/a", 200, null],
    ["OPTIONS", "/api/documents/a", 204, null],
    ["PATCH", "/api/documents/a", 405, { code: "method-not-allowed", allow: ["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"] }],
    ["POST", "/api/documents/a", 405, { code: "method-not-allowed" }],
    ["PUT", "/api/documents/a", 428, { code: "precondition-required", detail: "send If-Match", instance: "/api/documents/a", requestId: "req-1" }],
    ["DELETE", "/api/documents/a", 500, { code: "internal", detail: "An unexpected error occurred." }],
    ["GET", "/api/nothing/here", 404, { code: "not-found", detail: "No API resource at /api/nothing/here." }],
    ["GET", "/api/documents", 404, { code: "not-found" }],
  ])("%s %s → %i", async (method, path, status, body) => {
    const r = await call(method, path);
    expect(r.status).toBe(status);
    if (body === null) expect(r.json).toBeNull();
    else expect(r.json).toMatchObject(body);
  });

  it("HEAD keeps GET's headers and drops the body; OPTIONS lists the route's methods", async () => {
    expect((await call("HEAD", "/api/documents/a")).headers).toMatchObject({ ETag: '"1.x"', "Content-Type": "application/json; charset=utf-8" });
    expect((await call("OPTIONS", "/api/documents/a")).headers).toEqual({ Allow: "GET, HEAD, PUT, PATCH, DELETE, OPTIONS", "Accept-Patch": "application/merge-patch+json" });
  });

  it("problems are problem+json, never cached, and never leak an internal message", async () => {
    const r = await call("DELETE", "/api/documents/a");
    expect(r.headers).toMatchObject({ "Content-Type": "application/problem+json", "Cache-Control": "no-store" });
    expect(r.body).not.toContain("hunter2");
  });

  it.each([
    ["no credentials", "GET", {}, 401],
    ["a bad token", "GET", { authorization: "Bearer bad" }, 401],
    ["a token, no Origin (not a browser)", "DELETE", { authorization: "Bearer good" }, 500],
    ["a cookie, safe method, no Origin", "GET", { cookie: "s=ok" }, 200],
    ["a cookie, unsafe method, no Origin", "PUT", { cookie: "s=ok" }, 403],
    ["a cookie, unsafe method, another site's Origin", "PUT", { cookie: "s=ok", origin: "http://evil.example", host: "localhost" }, 403],
    ["a cookie, unsafe method, Sec-Fetch-Site cross-site", "PUT", { cookie: "s=ok", "sec-fetch-site": "cross-site", origin: "http://localhost" }, 403],
    ["a cookie, unsafe method, same Origin", "PUT", { cookie: "s=ok", origin: "http://localhost", host: "localhost" }, 428],
    ["a cookie, unsafe method, Sec-Fetch-Site same-origin", "PUT", { cookie: "s=ok", "sec-fetch-site": "same-origin" }, 428],
  ])("authentication and the same-origin rule: %s → %i", async (_name, method, headers, status) => {
    const r = await call(method, "/api/documents/a", headers as Record<string, string>);
    expect(r.status).toBe(status);
    if (status === 401) expect(r.headers["WWW-Authenticate"]).toBe('Bearer realm="tandem"');
    if (status === 403) expect(r.json).toMatchObject({ code: "forbidden" });
  });

  it("OPTIONS and 405 need no credentials (they say nothing about any document)", async () => {
    expect((await call("OPTIONS", "/api/documents/a", {})).status).toBe(204);
    expect((await call("POST", "/api/documents/a", {})).status).toBe(405);
  });

  it("the accounts endpoints take unsafe requests from this origin only", async () => {
    expect((await call("POST", "/api/auth/sign-in/email", {})).status).toBe(403);
    expect((await call("POST", "/api/auth/sign-in/email", { origin: "http://evil.example", host: "localhost" })).status).toBe(403);
    expect((await call("POST", "/api/auth/sign-in/email", { origin: "http://localhost", host: "localhost" })).json).toEqual({ auth: true });
  });
});
