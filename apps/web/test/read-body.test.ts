import { describe, expect, it } from "vitest";
import { AppError } from "@/platform/errors.ts";
import { readJsonBody, requireJson } from "@/platform/http/read-body.ts";
import { webApiRequest } from "@/platform/http/web-adapter.ts";

function request(body: BodyInit | null, headers: Record<string, string> = {}) {
  return webApiRequest(new Request("http://localhost/api/documents", { method: "POST", body, headers, duplex: "half" } as RequestInit), "test");
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("readJsonBody", () => {
  it("parses JSON within the limit", async () => {
    expect(await readJsonBody(request('{"a":"\u00e9"}'), 100)).toEqual({ a: "é" });
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(10));
      },
    });
    const error = await failure(readJsonBody(request(body, { "content-length": "1000" }), 100));
    expect(error.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading a streamed body at the first chunk over the limit", async () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(64));
      },
    });
    const error = await failure(readJsonBody(request(body), 1000));
    expect(error.status).toBe(413);
    expect(pulled).toBeLessThan(40);
  });

  it.each([
    ["{", 400],
    ["", 400],
    ["   ", 400],
  ])("%j → %i", async (body, status) => {
    expect((await failure(readJsonBody(request(body), 100))).status).toBe(status);
  });

  it("refuses bytes that are not UTF-8", async () => {
    expect((await failure(readJsonBody(request(new Uint8Array([0x22, 0xff, 0x22])), 100))).code).toBe("invalid-json");
  });
});

describe("requireJson", () => {
  it.each(["application/json", "application/json; charset=utf-8", "application/vnd.tandem+json", "APPLICATION/JSON"])("accepts %s", (type) => {
    expect(() => requireJson(request("{}", { "content-type": type }))).not.toThrow();
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/jsonx", ""])("refuses %j with 415", (type) => {
    const req = type ? request("{}", { "content-type": type }) : webApiRequest(new Request("http://localhost/", { method: "POST" }), "test");
    try {
      requireJson(req);
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).status).toBe(415);
    }
  });
});
