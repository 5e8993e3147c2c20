import { describe, expect, it } from "vitest";
import { ROUTES } from "@tandem/contract";
import { allowedMethods } from "@/platform/http/allowed-methods.ts";

const ALLOWED = { collection: ROUTES.documents.methods, document: ROUTES.document.methods, readOnly: ROUTES.revisions.methods };

describe("allowedMethods(pathname)", () => {
  it.each([
    ["/api/documents", ALLOWED.collection],
    ["/api/documents/", ALLOWED.collection],
    ["/api/documents/abc", ALLOWED.document],
    ["/api/documents/abc/revisions", ALLOWED.readOnly],
    ["/api/documents/abc/revisions/2", ALLOWED.readOnly],
    ["/api/health", ALLOWED.readOnly],
    ["/", ALLOWED.readOnly],
  ])("%s → %j", (path, allow) => {
    expect(allowedMethods(path)).toEqual(allow);
  });
});
