import http from "node:http";
import { createTestDatabase, startServer, type Provider, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll } from "vitest";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined for an empty body. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Api {
  baseUrl: string;
  request(method: string, path: string, init?: { headers?: Record<string, string>; body?: unknown; raw?: BodyInit }): Promise<Reply>;
  /** Creates a document and returns its body and ETag. */
  seed(title?: string, content?: string): Promise<{ id: string; etag: string; body: Reply["body"] }>;
}

// fetch() refuses TRACE, CONNECT and TRACK outright; those go through node:http.
const FETCHABLE = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "FOO"]);

function nodeRequest(url: string, method: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
        resolve(new Response(res.statusCode === 204 ? null : Buffer.concat(chunks), { status: res.statusCode, headers }));
      });
    });
    req.on("error", reject);
    req.end();
  });
}

export function makeApi(baseUrl: string): Api {
  const api: Api = {
    baseUrl,
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      let body: BodyInit | undefined = init.raw;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers["content-type"] ??= "application/json";
      }
      const res = FETCHABLE.has(method) ? await fetch(`${baseUrl}${path}`, { method, headers, body }) : await nodeRequest(`${baseUrl}${path}`, method);
      const text = await res.text();
      let parsed: unknown;
      if (text && /json/.test(res.headers.get("content-type") ?? "")) parsed = JSON.parse(text);
      return { status: res.status, headers: res.headers, text, body: parsed };
    },
    async seed(title = `doc ${Math.random().toString(36).slice(2)}`, content = "one\ntwo\nthree\n") {
      const r = await api.request("POST", "/api/documents", { body: { title, content } });
      if (r.status !== 201) throw new Error(`seed failed: ${r.status} ${r.text}`);
      return { id: r.body.id as string, etag: r.headers.get("etag")!, body: r.body };
    },
  };
  return api;
}

/**
 * One fresh database and `instances` built servers sharing it, for the enclosing describe
 * block; the servers start at the same moment, racing their startup migrations. Returns a
 * getter: the servers exist only once beforeAll has run.
 */
export function useServer(
  provider: Provider,
  env: Record<string, string> = {},
  instances = 1,
): () => Api & { server: TestServer; db: TestDatabase; apis: Api[] } {
  let state: (Api & { server: TestServer; db: TestDatabase; apis: Api[] }) | undefined;
  let servers: TestServer[] = [];
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(provider);
    const started = await Promise.allSettled(Array.from({ length: instances }, () => startServer({ databaseUrl: db!.url, env })));
    servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const apis = servers.map((s) => makeApi(s.baseUrl));
    state = { ...apis[0]!, server: servers[0]!, db, apis };
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.drop();
  });
  return () => {
    if (!state) throw new Error("server not started");
    return state;
  };
}
