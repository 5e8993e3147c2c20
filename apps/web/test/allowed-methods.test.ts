import { describe, expect, it } from "vitest";
import { ALLOWED, allowedMethods } from "@/server/http/allowed-methods";

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
