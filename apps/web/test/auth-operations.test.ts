import { AUTH_BASE_PATH, AUTH_ENDPOINTS } from "@tandem/contract";
import { describe, expect, it } from "vitest";
import { AUTH_OPERATIONS } from "@/features/api-reference/server/auth-operations.ts";
import { openApiDocument } from "@/features/api-reference/server/openapi-document.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const doc: Json = openApiDocument().document;
const operationOf = (endpoint: string, method: string): Json => doc.paths[`${AUTH_BASE_PATH}${endpoint}`]?.[method.toLowerCase()];

describe("/api/auth/* in GET /api/openapi.json", () => {
  it("describes every endpoint of AUTH_ENDPOINTS, and no other", () => {
    expect([...new Set(AUTH_OPERATIONS.map((o) => o.endpoint))].sort()).toEqual([...AUTH_ENDPOINTS].sort());
    const documented = Object.keys(doc.paths).filter((p) => p.startsWith(`${AUTH_BASE_PATH}/`));
    expect(documented.sort()).toEqual(AUTH_ENDPOINTS.map((e) => `${AUTH_BASE_PATH}${e}`).sort());
  });

  it.each(AUTH_OPERATIONS.map((o) => [o.method, o.endpoint, o] as const))("%s %s: its examples fit its schemas, and the document carries them", (method, endpoint, operation) => {
    const op = operationOf(endpoint, method);
    expect(op).toBeDefined();
    expect(operation.response.schema.safeParse(operation.response.example).error).toBeUndefined();
    expect(op.responses["200"].content["application/json"].example).toEqual(operation.response.example);
    if (operation.body) {
      expect(operation.body.schema.safeParse(operation.body.example).error).toBeUndefined();
      expect(op.requestBody.content["application/json"].example).toEqual(operation.body.example);
    } else {
      expect(op.requestBody).toBeUndefined();
    }
    // A credential for the session endpoints is the browser's cookie; a token is not looked at.
    expect(op.security).toEqual(operation.security === "public" ? [] : [{ sessionCookie: [] }]);
    // Unsafe methods: Tandem's same-origin rule (403) before the library sees the request.
    if (method === "POST") expect(Object.keys(op.responses)).toContain("403");
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", "421", "500", "503"]));
  });

  it("takes the request members from zod: sign-up's limits are the contract's", () => {
    const signUp = operationOf("/sign-up/email", "POST").requestBody.content["application/json"].schema;
    expect(signUp).toMatchObject({ type: "object", required: ["name", "email", "password"] });
    expect(signUp.properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
    expect(signUp.properties.name).toMatchObject({ minLength: 1, maxLength: 100 });
    const invite = (operationOf("/sign-up/email", "POST").parameters as Json[]).find((p) => p.in === "header");
    expect(invite).toMatchObject({ name: "Tandem-Invite", required: false });
    expect(Object.keys(operationOf("/sign-in/email", "POST").responses["200"].headers)).toEqual(["Set-Cookie"]);
    expect(Object.keys(operationOf("/sign-in/email", "POST").responses)).toContain("429");
  });
});
