import { Validator } from "@seriousme/openapi-schema-validator";
import { AUTH_BASE_PATH, AUTH_ENDPOINTS, ERROR_STATUS, ROUTES, type ErrorCode, type Method, type RouteName } from "@tandem/contract";
import type { Database } from "@tandem/db";
import type { DocumentsClient, MergeConflictError } from "@tandem/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { apiRoutes } from "@/api-routes.ts";
import { createAuth } from "@/features/accounts/server/auth.ts";
import { REFUSED_AUTH_METHODS } from "@/features/api-reference/server/auth-operations.ts";
import { openApiDocument, openApiPath, problemExample } from "@/features/api-reference/server/openapi-document.ts";
import type { documentInput } from "@/features/documents/server/document-input.ts";
import { OPERATIONS } from "@/features/api-reference/server/operations.ts";
import * as schemas from "@/features/api-reference/server/response-schemas.ts";
import { activityQuery } from "@/features/audit/server/activity-query.ts";
import { encodeCursor } from "@/features/documents/server/page-cursor.ts";
import { parseListParams, parseRevisionParams } from "@/features/documents/server/page-params.ts";
import { listQuery, revisionsQuery } from "@/features/documents/server/page-query.ts";
import { documentStreamQuery, workspaceStreamQuery } from "@/features/live/server/live-routes.ts";
import { AppError } from "@/platform/errors.ts";
import { dryRunQuery, isDryRun } from "@/platform/http/dry-run.ts";
import { parseQuery } from "@/platform/http/query-params.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const doc: Json = openApiDocument().document;
const LOWER = (m: string) => m.toLowerCase();

describe("GET /api/openapi.json (the document)", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("has every route and method of the table the server dispatches from, and nothing else", async () => {
    // The server answers a route when the contract's table matches it and apiRoutes (or, for
    // metrics, main.ts) has handlers, and /api/auth/<endpoint> for each of AUTH_ENDPOINTS with
    // the methods its authentication library (Tandem's configuration of better-auth) serves
    // that endpoint with (less those it refuses under that configuration, REFUSED_AUTH_METHODS):
    // every such path+method must be documented.
    const served = Object.keys(apiRoutes) as RouteName[];
    expect(served.filter((name) => !(name in ROUTES))).toEqual([]);
    const answered: [Method, string][] = [];
    for (const name of [...served, "metrics" as const]) {
      for (const method of ROUTES[name].methods) answered.push([method, openApiPath(ROUTES[name].pattern)]);
    }
    // The library's instance as the server makes it; listing its endpoints touches no database.
    const auth = createAuth({ provider: "sqlite", prisma: {} } as Database, { secret: "s".repeat(32), publicUrl: undefined, trustedOrigins: () => [], signInAttemptsPerMinute: 10, sessionTtlHours: 24, onUserCreated: async () => undefined });
    const endpoints = Object.values(auth.api) as { path?: string; options?: { method?: Method | Method[] } }[];
    for (const endpoint of AUTH_ENDPOINTS) {
      const methods = endpoints.filter((e) => e.path === endpoint).flatMap((e) => [e.options?.method ?? []].flat());
      // An endpoint the server passes on that the library does not have would be a 404.
      expect(methods, endpoint).not.toEqual([]);
      const refused = REFUSED_AUTH_METHODS.filter((r) => r.endpoint === endpoint).map((r) => r.method);
      // What the list leaves out must be something the library declares (else the list is stale).
      expect(methods, endpoint).toEqual(expect.arrayContaining(refused));
      for (const method of methods) if (!refused.includes(method as (typeof refused)[number])) answered.push([method, `${AUTH_BASE_PATH}${endpoint}`]);
    }
    const missing = answered.filter(([method, p]) => !doc.paths[p]?.[LOWER(method)]);
    expect(missing.map(([method, p]) => `${method} ${p}`)).toEqual([]);
    const documented = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item as object).map((m) => `${m.toUpperCase()} ${p}`));
    const table = (Object.keys(ROUTES) as RouteName[]).flatMap((name) => ROUTES[name].methods.map((m: Method) => `${m} ${openApiPath(ROUTES[name].pattern)}`));
    const authOperations = answered.filter(([, p]) => p.startsWith(`${AUTH_BASE_PATH}/`)).map(([method, p]) => `${method} ${p}`);
    expect(documented.filter((op) => !table.includes(op) && !authOperations.includes(op))).toEqual([]);
  });

  it("has every problem type of the error table, with its status", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      const response = doc.components.responses[code];
      expect(response, code).toBeDefined();
      expect(response.content["application/problem+json"].examples[code]).toEqual({ $ref: `#/components/examples/${code}` });
      expect(doc.components.examples[code].value).toMatchObject({ type: `/problems/${code}`, status, code });
    }
    expect(doc.components.schemas.Problem.properties.code.enum.sort()).toEqual(Object.keys(ERROR_STATUS).sort());
    // …and each operation lists the problems it may send under their statuses.
    const put = doc.paths["/api/documents/{id}"].put;
    expect(Object.keys(put.responses["412"].content["application/problem+json"].examples)).toEqual(["precondition-failed"]);
    expect(Object.keys(put.responses["409"].content["application/problem+json"].examples).sort()).toEqual(["conflict", "idempotency-key-in-use"]);
    expect(put.responses["428"]).toBeDefined();
  });

  it("describes the concurrency headers and both credentials", () => {
    for (const name of ["ETag", "Preference-Applied", "Idempotent-Replayed", "Tandem-Dry-Run", "Last-Modified", "Location"]) expect(doc.components.headers[name], name).toBeDefined();
    const put = doc.paths["/api/documents/{id}"].put;
    const requestHeaders = put.parameters.filter((p: Json) => p.in === "header").map((p: Json) => p.name);
    expect(requestHeaders).toEqual(expect.arrayContaining(["If-Match", "If-None-Match", "Prefer", "Idempotency-Key"]));
    expect(Object.keys(put.responses["200"].headers)).toEqual(expect.arrayContaining(["ETag", "Preference-Applied", "Idempotent-Replayed", "Tandem-Dry-Run"]));
    const get = doc.paths["/api/documents/{id}"].get;
    expect(get.parameters.map((p: Json) => p.name)).toEqual(expect.arrayContaining(["id", "If-None-Match"]));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerToken", "sessionCookie"]);
    expect(put.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    expect(doc.paths["/api/health"].get.security).toEqual([]);
    expect(doc.paths["/api/mcp"].post.security).toEqual([{ bearerToken: [] }]);
  });

  it("takes request bodies from the zod schemas the routes validate with", () => {
    const put = doc.paths["/api/documents/{id}"].put.requestBody.content["application/json"].schema;
    expect(put).toMatchObject({ type: "object", required: ["title", "content"], additionalProperties: false });
    expect(put.properties.title).toMatchObject({ type: "string", maxLength: 500 });
    expect(Object.keys(doc.paths["/api/documents/{id}"].patch.requestBody.content)).toEqual(["application/merge-patch+json", "text/x-diff"]);
    expect(put.properties.summary).toBeDefined();
    const listParams = (doc.paths["/api/documents"].get.parameters as Json[]).filter((p) => p.in === "query").map((p) => p.name);
    expect(listParams).toEqual(["q", "limit", "cursor"]);
    expect(Object.keys(doc.paths["/api/documents"].get.responses["200"].headers)).toContain("Link");
    expect(doc.paths["/api/documents/{id}/members/{email}"].put.requestBody.content["application/json"].schema.properties.role.enum).toEqual(["editor", "viewer"]);
  });

  it("takes query parameters from the zod schemas the routes validate with", () => {
    const query = (route: RouteName, method: string) => OPERATIONS.find((o) => o.route === route && o.method === method)?.query;
    expect(query("documents", "GET")).toBe(listQuery);
    expect(query("revisions", "GET")).toBe(revisionsQuery);
    expect(query("activity", "GET")).toBe(activityQuery);
    expect(query("documentActivity", "GET")).toBe(activityQuery);
    expect(query("documentEvents", "GET")).toBe(documentStreamQuery);
    expect(query("events", "GET")).toBe(workspaceStreamQuery);
    for (const [route, method] of [["documents", "POST"], ["document", "PUT"], ["document", "PATCH"], ["document", "DELETE"]] as const) {
      expect(query(route, method), `${method} ${route}`).toBe(dryRunQuery);
    }
  });

  // What the document says of a parameter, checked the way a generated client would.
  function documentedAccepts(path: string, method: string, name: string, value: string): boolean {
    const schema = (doc.paths[path][method].parameters as Json[]).find((p) => p.in === "query" && p.name === name).schema;
    const length = [...value].length;
    if (schema.enum && !schema.enum.includes(value)) return false;
    if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) return false;
    if (schema.minLength !== undefined && length < schema.minLength) return false;
    return schema.maxLength === undefined || length <= schema.maxLength;
  }
  function serverAccepts(parse: () => unknown): boolean {
    try {
      parse();
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
      return false;
    }
  }
  const validCursor = encodeCursor({ kind: "list", updatedAt: 5, id: "d" });
  // [path, method, parameter, value, the document accepts it, the server accepts it]
  it.each([
    ["/api/documents", "get", "limit", "1", true, true],
    ["/api/documents", "get", "limit", "200", true, true],
    ["/api/documents", "get", "limit", "0", false, false],
    ["/api/documents", "get", "limit", "01", false, false],
    ["/api/documents", "get", "limit", "1.5", false, false],
    ["/api/documents", "get", "limit", "", false, false],
    ["/api/documents", "get", "limit", "201", true, false], // the description says "1 to 200"
    ["/api/documents", "get", "q", "a".repeat(200), true, true],
    ["/api/documents", "get", "q", "😀".repeat(200), true, true],
    ["/api/documents", "get", "q", "a".repeat(201), false, false],
    ["/api/documents", "get", "cursor", validCursor, true, true],
    ["/api/documents", "get", "cursor", "", false, false],
    ["/api/documents", "get", "cursor", "x".repeat(513), false, false],
    ["/api/documents", "get", "cursor", "garbage", true, false], // only a cursor the list gave out
    ["/api/documents", "post", "dryRun", "true", true, true],
    ["/api/documents", "post", "dryRun", "false", true, true],
    ["/api/documents", "post", "dryRun", "1", false, false],
    ["/api/documents", "post", "dryRun", "TRUE", false, false],
    ["/api/activity", "get", "before", "42", true, true],
    ["/api/activity", "get", "before", "0", false, false],
    ["/api/activity", "get", "before", "1".repeat(16), false, false],
    ["/api/documents/{id}/events", "get", "tab", "tab_4fZ2kQ9x", true, true],
    ["/api/documents/{id}/events", "get", "tab", "short", false, false],
    ["/api/documents/{id}/events", "get", "lastEventId", "anything", true, true],
    ["/api/documents/{id}/revisions", "get", "order", "newest", true, true],
    ["/api/documents/{id}/revisions", "get", "order", "oldest", true, true],
    ["/api/documents/{id}/revisions", "get", "order", "latest", false, false],
  ] as const)("%s %s ?%s=%s: documented %s, served %s", (path, method, name, value, documented, served) => {
    expect(documentedAccepts(path, method, name, value)).toBe(documented);
    const search = `?${new URLSearchParams({ [name]: value })}`;
    const parsers: Record<string, () => unknown> = {
      "/api/documents get": () => parseListParams(search),
      "/api/documents post": () => isDryRun({ search }),
      "/api/activity get": () => parseQuery(activityQuery, search),
      "/api/documents/{id}/events get": () => parseQuery(documentStreamQuery, search),
      "/api/documents/{id}/revisions get": () => parseRevisionParams(search),
    };
    expect(serverAccepts(parsers[`${path} ${method}`]!)).toBe(served);
  });

  it("has an example for every operation, and each one fits its schema", () => {
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, Json>)) {
        const success = Object.entries(op.responses).filter(([status]) => Number(status) < 400);
        const hasExample = success.some(([, r]: [string, Json]) => r.content && Object.values(r.content).some((m: Json) => m.example !== undefined || m.examples));
        // Operations whose success has no body (204, 304, HEAD, OPTIONS) show a problem example.
        const problemExamples = Object.entries(op.responses).some(([status, r]: [string, Json]) => Number(status) >= 400 && r.content?.["application/problem+json"]?.examples);
        expect(hasExample || problemExamples, `${method} ${p}`).toBe(true);
      }
    }
    for (const operation of OPERATIONS) {
      if (operation.body) expect(operation.body.schema.safeParse(operation.body.example).error, `${operation.method} ${operation.route} body`).toBeUndefined();
      for (const [status, reply] of Object.entries(operation.responses)) {
        if (!reply.schema) continue;
        const examples = reply.examples ? Object.values(reply.examples) : [reply.example];
        for (const example of examples) expect(reply.schema.safeParse(example).error, `${operation.method} ${operation.route} ${status}`).toBeUndefined();
      }
    }
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) expect(schemas.problem.safeParse(problemExample(code)).error, code).toBeUndefined();
  });
});

describe("@tandem/client agrees with the document", () => {
  it("its methods return the shapes the document's schemas describe", () => {
    type Returned<K extends keyof DocumentsClient> = DocumentsClient[K] extends (...args: never[]) => Promise<infer R> ? R : never;
    expectTypeOf<Returned<"list">>().toEqualTypeOf<z.output<typeof schemas.documentSummary>[]>();
    expectTypeOf<Returned<"get">["doc"]>().toEqualTypeOf<z.output<typeof schemas.documentView>>();
    expectTypeOf<Returned<"revisions">>().toEqualTypeOf<z.output<typeof schemas.revisionSummary>[]>();
    expectTypeOf<Returned<"revision">>().toEqualTypeOf<z.output<typeof schemas.revision>>();
    expectTypeOf<Parameters<DocumentsClient["create"]>[0]>().toEqualTypeOf<z.input<typeof documentInput>>();
    // A write's answer (WriteAnswer): the document, with `merged` (MergedInfo) as MergedDocument
    // has it when Prefer: merge was applied, and without it otherwise.
    type MergedDocument = z.output<typeof schemas.mergedDocumentView>;
    expectTypeOf<Returned<"replace">["doc"]>().toEqualTypeOf<Omit<MergedDocument, "merged">>();
    expectTypeOf<Returned<"replace">["merged"]>().toEqualTypeOf<MergedDocument["merged"] | undefined>();
    expectTypeOf<Returned<"patchDiff">>().toEqualTypeOf<Returned<"replace">>();
    // A 409 merge conflict's `conflicts` (MergeConflicts, ConflictChunkView) as the Problem schema has them.
    expectTypeOf<MergeConflictError["conflicts"]>().toEqualTypeOf<NonNullable<z.output<typeof schemas.problem>["conflicts"]>>();
    // The compile-time table in response-schemas.ts holds every other contract shape.
    expect(Object.values(schemas.agreement).every(Boolean)).toBe(true);
  });
});
