import http from "node:http";
import { createTestDatabase, signUp, startServer, type Provider, type TestAccount, type TestDatabase, type TestServer } from "@tandem/testkit";
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
  /** Whose token the requests carry (unless a request sets its own Authorization). */
  account: TestAccount | null;
  request(method: string, path: string, init?: { headers?: Record<string, string>; body?: unknown; raw?: BodyInit }): Promise<Reply>;
  /** Creates a document and returns its body and ETag. */
  seed(title?: string, content?: string): Promise<{ id: string; etag: string; body: Reply["body"] }>;
}

// fetch() refuses TRACE, CONNECT and TRACK outright; those go through node:http.
const FETCHABLE = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "FOO"]);

function nodeRequest(url: string, method: string, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
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

/** Requests as `account` (its token), or anonymous with null. */
export function makeApi(baseUrl: string, account: TestAccount | null): Api {
  const api: Api = {
    baseUrl,
    account,
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { ...(account ? { authorization: `Bearer ${account.token}` } : {}), ...init.headers };
      let body: BodyInit | undefined = init.raw;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers["content-type"] ??= "application/json";
      }
      const res = FETCHABLE.has(method) ? await fetch(`${baseUrl}${path}`, { method, headers, body }) : await nodeRequest(`${baseUrl}${path}`, method, headers);
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

export interface ServerState extends Api {
  server: TestServer;
  db: TestDatabase;
  /** One Api per instance, all as the default account. */
  apis: Api[];
  /** The account every request of `request`/`seed`/`apis` is made as: Ann, the first (admin). */
  owner: TestAccount;
  /** A new account (a second person), and an Api acting as them on instance `instance`. */
  person(name: string, instance?: number): Promise<Api & { account: TestAccount }>;
  /** Requests without credentials. */
  anonymous: Api;
  /** Ann shares document `id` with `person` (PUT /api/documents/:id/members/:email). */
  share(id: string, person: { account: TestAccount }, role?: "editor" | "viewer"): Promise<void>;
  /** A new account that Ann has made a member (editor by default) of document `id`. */
  member(id: string, name: string, role?: "editor" | "viewer", instance?: number): Promise<Api & { account: TestAccount }>;
}

/**
 * One fresh database and `instances` built servers sharing it, for the enclosing describe
 * block; the servers start at the same moment, racing their startup migrations. Ann signs up
 * first (so she is the admin) and every request of the returned Api is hers unless it says
 * otherwise. Returns a getter: the servers exist only once beforeAll has run.
 */
export function useServer(provider: Provider, env: Record<string, string> = {}, instances = 1): () => ServerState {
  let state: ServerState | undefined;
  let servers: TestServer[] = [];
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(provider);
    const started = await Promise.allSettled(Array.from({ length: instances }, () => startServer({ databaseUrl: db!.url, env })));
    servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const owner = await signUp(servers[0]!.baseUrl, { name: "Ann" });
    const apis = servers.map((s) => makeApi(s.baseUrl, owner));
    const person = async (name: string, instance = 0) => {
      const account = await signUp(servers[instance]!.baseUrl, { name });
      return { ...makeApi(servers[instance]!.baseUrl, account), account };
    };
    const share = async (id: string, who: { account: TestAccount }, role: "editor" | "viewer" = "editor") => {
      const r = await apis[0]!.request("PUT", `/api/documents/${encodeURIComponent(id)}/members/${encodeURIComponent(who.account.email)}`, { body: { role } });
      if (r.status !== 201 && r.status !== 200) throw new Error(`share failed: ${r.status} ${r.text}`);
    };
    const member = async (id: string, name: string, role: "editor" | "viewer" = "editor", instance = 0) => {
      const who = await person(name, instance);
      await share(id, who, role);
      return who;
    };
    state = { ...apis[0]!, server: servers[0]!, db, apis, owner, person, anonymous: makeApi(servers[0]!.baseUrl, null), share, member };
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
