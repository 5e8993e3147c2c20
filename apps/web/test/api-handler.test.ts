import { describe, expect, it } from "vitest";
import { AppError } from "@/platform/errors.ts";
import { handleApiRequest, type ApiRoutes } from "@/platform/http/api-handler.ts";
import { json } from "@/platform/http/api-request.ts";
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

async function call(method: string, path: string) {
  const response = await handleApiRequest(routes, webApiRequest(new Request(`http://localhost${path}`, { method }), "req-1"));
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
});
