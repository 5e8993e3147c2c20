import { ConflictError, DocumentsClient } from "@tandem/client";
import { CONFLICT_ID_HEADER, RESOLUTION_HEADER } from "@tandem/contract";
import { describe, expect, it } from "vitest";
import { resolvingWrite, withConflictHeaders } from "@/features/documents/client/conflict-headers.ts";
import { writeFailure } from "@/features/documents/client/session/error-events.ts";
import { V2_APART } from "./support/session-fixtures.ts";

// The conflict ids travel through the real API client: a 412's Tandem-Conflict reaches the
// session as `refusalId`, and a resolving save sends Tandem-Conflict and Tandem-Resolution on
// its own request only.

interface Sent {
  method: string;
  headers: Headers;
}

function fakeServer(answer: (sent: Sent) => Response) {
  const sent: Sent[] = [];
  const fetch = withConflictHeaders(async (_input, init) => {
    const request = { method: init?.method ?? "GET", headers: new Headers(init?.headers) };
    sent.push(request);
    return answer(request);
  });
  return { sent, client: new DocumentsClient({ baseUrl: "http://tandem.test", fetch }) };
}

const saved = () => new Response(JSON.stringify(V2_APART.doc), { status: 200, headers: { "content-type": "application/json", etag: V2_APART.etag } });
const refused = (conflictId: string | null) =>
  new Response(JSON.stringify({ type: "/problems/precondition-failed", title: "Precondition Failed", status: 412, detail: "stale", code: "precondition-failed", current: V2_APART.doc }), {
    status: 412,
    headers: { "content-type": "application/problem+json", etag: V2_APART.etag, ...(conflictId ? { [CONFLICT_ID_HEADER]: conflictId } : {}) },
  });

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("conflict ids through the API client", () => {
  it("a 412's Tandem-Conflict becomes the refused event's refusalId", async () => {
    const { client } = fakeServer(() => refused("17"));
    const error = await failureOf(client.replace("doc-1", { title: "t", content: "c" }, { ifMatch: '"v1"' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(writeFailure(error)).toStrictEqual({ type: "refused", current: V2_APART, refusalId: "17" });
  });

  it("a 412 without the header: refused, no id", async () => {
    const { client } = fakeServer(() => refused(null));
    const error = await failureOf(client.replace("doc-1", { title: "t", content: "c" }, { ifMatch: '"v1"' }));
    expect(writeFailure(error)).toStrictEqual({ type: "refused", current: V2_APART });
  });

  it("a resolving save sends both headers; the next request sends neither", async () => {
    const { client, sent } = fakeServer(saved);
    await resolvingWrite({ conflictId: "17", resolution: "dialog" }, () => client.replace("doc-1", { title: "t", content: "c" }, { ifMatch: '"v1"' }));
    await client.replace("doc-1", { title: "t", content: "c2" }, { ifMatch: '"v2"' });
    expect(sent.map((s) => [s.method, s.headers.get(CONFLICT_ID_HEADER), s.headers.get(RESOLUTION_HEADER), s.headers.get("if-match")])).toStrictEqual([
      ["PUT", "17", "dialog", '"v1"'],
      ["PUT", null, null, '"v2"'],
    ]);
  });

  it("a resolving save whose answer was lost is resent with both headers and its key; the next request sends neither", async () => {
    let calls = 0;
    const { client, sent } = fakeServer(() => {
      if (++calls === 1) throw new TypeError("fetch failed: the connection was reset");
      return saved();
    });
    await resolvingWrite({ conflictId: "17", resolution: "dialog" }, () => client.replace("doc-1", { title: "t", content: "c" }, { ifMatch: '"v1"', baseDelayMs: 0 }));
    await client.replace("doc-1", { title: "t", content: "c2" }, { ifMatch: '"v2"' });
    expect(sent.map((s) => [s.method, s.headers.get(CONFLICT_ID_HEADER), s.headers.get(RESOLUTION_HEADER), s.headers.get("if-match")])).toStrictEqual([
      ["PUT", "17", "dialog", '"v1"'],
      ["PUT", "17", "dialog", '"v1"'],
      ["PUT", null, null, '"v2"'],
    ]);
    expect(sent[1]!.headers.get("idempotency-key")).toBe(sent[0]!.headers.get("idempotency-key"));
  });

  it("a save without a resolution is sent as it was", async () => {
    const { client, sent } = fakeServer(saved);
    await resolvingWrite(undefined, () => client.replace("doc-1", { title: "t", content: "c" }, { ifMatch: '"v1"' }));
    expect(sent[0]!.headers.has(CONFLICT_ID_HEADER)).toBe(false);
    expect(sent[0]!.headers.has(RESOLUTION_HEADER)).toBe(false);
  });

  it("the headers are not left for another request when the write throws before sending", async () => {
    const { client, sent } = fakeServer(saved);
    await expect(resolvingWrite({ conflictId: "17", resolution: "automatic" }, () => client.replace("no-etag-known", { title: "t", content: "c" }))).rejects.toThrow(/no ETag/);
    await client.get("doc-1");
    expect(sent[0]!.headers.has(CONFLICT_ID_HEADER)).toBe(false);
  });
});
