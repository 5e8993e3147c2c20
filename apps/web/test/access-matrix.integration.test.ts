// Issue 9's access contract as one literal table: every API route and method (health, metrics
// and signup are public and tested elsewhere) × every kind of caller, on documents that are
// live and deleted. Two instances share the database; callers alternate between them, so every
// answer also shows that a change made on one instance holds on the other at once.
//
// The order every route decides in: 405/OPTIONS → 401 → 404 (may not see the document; the
// same answer as for an id that never existed) → 403 (may see it, the role does not allow
// this) → preconditions (428, 412). A write that cannot do a dry run (MCP) refuses
// `?dryRun=true` with a 400 before all of these but 405.
import { randomUUID } from "node:crypto";
import { testProviders, type TestAccount } from "@tandem/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { makeApi, useServer, type Api, type Reply } from "./support/harness.ts";

const CALLERS = ["anonymous", "bad token", "owner", "editor", "viewer", "stranger", "admin"] as const;
type CallerName = (typeof CALLERS)[number];
/** One status per caller, in the order of CALLERS. */
type Statuses = readonly [number, number, number, number, number, number, number];

/** Callers who must learn nothing about the document from a refusal. */
const OUTSIDERS: ReadonlySet<CallerName> = new Set(["anonymous", "bad token", "stranger", "admin"]);

/** What the request carries besides the path. */
type Variant =
  | "plain"
  | "If-Match: current"
  | "If-Match: stale"
  /** PATCH with a text/x-diff body that applies to any content (it adds a first line). */
  | "diff, If-Match: current"
  | "diff, If-Match: stale"
  | "If-Match: *"
  | "If-None-Match: *"
  | "If-None-Match: current"
  | "If-None-Match: first"
  | "no precondition"
  | "member: new"
  | "member: change"
  | "member: remove"
  | "presence"
  | "mcp: initialize";

interface Case {
  method: string;
  /** The contract's path; `:id` is the test document, `:email` and `:tokenId` per variant. */
  pattern: string;
  state: "live" | "deleted" | "none";
  variant: Variant;
  expected: Statuses;
  /** The request creates the document when its id is free: no comparison with a free id. */
  createsOnFreeId?: boolean;
  /** An event stream: a 200 is checked by its status and headers, then the connection is closed. */
  stream?: boolean;
}

function row(method: string, pattern: string, state: Case["state"], variant: Variant, expected: Statuses, extra: Partial<Case> = {}): Case {
  return { method, pattern, state, variant, expected, ...extra };
}

const DOC = "/api/documents/:id";

// prettier-ignore
const MATRIX: Case[] = [
  //                                                                                   anon bad  owner editor viewer stranger admin
  row("GET",     "/api/documents",               "none",    "plain",                   [401, 401, 200, 200, 200, 200, 200]),
  row("HEAD",    "/api/documents",               "none",    "plain",                   [401, 401, 200, 200, 200, 200, 200]),
  row("POST",    "/api/documents",               "none",    "plain",                   [401, 401, 201, 201, 201, 201, 201]),
  row("OPTIONS", "/api/documents",               "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),
  row("DELETE",  "/api/documents",               "none",    "plain",                   [405, 405, 405, 405, 405, 405, 405]),
  // Search and pages: what a stranger's search finds is checked below (nothing of others').
  row("GET",     "/api/documents?q=title&limit=5", "none",  "plain",                   [401, 401, 200, 200, 200, 200, 200]),
  row("HEAD",    "/api/documents?q=title",       "none",    "plain",                   [401, 401, 200, 200, 200, 200, 200]),
  row("GET",     "/api/documents?limit=0",       "none",    "plain",                   [401, 401, 400, 400, 400, 400, 400]),
  row("GET",     "/api/documents?cursor=x",      "none",    "plain",                   [401, 401, 400, 400, 400, 400, 400]),

  row("GET",     DOC,                            "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("HEAD",    DOC,                            "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  // A 304 would confirm the ETag an outsider guessed or kept.
  row("GET",     DOC,                            "live",    "If-None-Match: current",  [401, 401, 304, 304, 304, 404, 404]),
  row("HEAD",    DOC,                            "live",    "If-None-Match: current",  [401, 401, 304, 304, 304, 404, 404]),
  row("PUT",     DOC,                            "live",    "If-Match: current",       [401, 401, 200, 200, 403, 404, 404]),
  row("PUT",     DOC,                            "live",    "If-Match: stale",         [401, 401, 412, 412, 403, 404, 404]),
  row("PUT",     DOC,                            "live",    "If-None-Match: *",        [401, 401, 412, 412, 403, 404, 404], { createsOnFreeId: true }),
  row("PUT",     DOC,                            "live",    "no precondition",         [401, 401, 428, 428, 403, 404, 404]),
  row("PATCH",   DOC,                            "live",    "If-Match: current",       [401, 401, 200, 200, 403, 404, 404]),
  row("PATCH",   DOC,                            "live",    "If-Match: stale",         [401, 401, 412, 412, 403, 404, 404]),
  row("PATCH",   DOC,                            "live",    "no precondition",         [401, 401, 428, 428, 403, 404, 404]),
  row("PATCH",   DOC,                            "live",    "diff, If-Match: current", [401, 401, 200, 200, 403, 404, 404]),
  row("PATCH",   DOC,                            "live",    "diff, If-Match: stale",   [401, 401, 412, 412, 403, 404, 404]),
  row("DELETE",  DOC,                            "live",    "If-Match: current",       [401, 401, 204, 403, 403, 404, 404]),
  row("DELETE",  DOC,                            "live",    "If-Match: stale",         [401, 401, 412, 403, 403, 404, 404]),
  row("DELETE",  DOC,                            "live",    "no precondition",         [401, 401, 428, 403, 403, 404, 404]),
  row("OPTIONS", DOC,                            "live",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),
  row("POST",    DOC,                            "live",    "plain",                   [405, 405, 405, 405, 405, 405, 405]),

  row("GET",     DOC,                            "deleted", "plain",                   [401, 401, 410, 410, 410, 404, 404]),
  row("HEAD",    DOC,                            "deleted", "plain",                   [401, 401, 410, 410, 410, 404, 404]),
  row("PUT",     DOC,                            "deleted", "If-None-Match: *",        [401, 401, 201, 201, 403, 404, 404], { createsOnFreeId: true }),
  row("PUT",     DOC,                            "deleted", "If-Match: stale",         [401, 401, 412, 412, 403, 404, 404]),
  row("PATCH",   DOC,                            "deleted", "If-Match: stale",         [401, 401, 412, 412, 403, 404, 404]),
  row("DELETE",  DOC,                            "deleted", "If-Match: *",             [401, 401, 412, 403, 403, 404, 404]),

  row("GET",     `${DOC}/revisions`,             "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("HEAD",    `${DOC}/revisions`,             "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("GET",     `${DOC}/revisions`,             "deleted", "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("HEAD",    `${DOC}/revisions`,             "deleted", "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("OPTIONS", `${DOC}/revisions`,             "live",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),
  // Parameters are read after access is decided: an outsider's bad limit is still a 404.
  row("GET",     `${DOC}/revisions?limit=2`,     "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("GET",     `${DOC}/revisions?limit=0`,     "live",    "plain",                   [401, 401, 400, 400, 400, 404, 404]),

  row("GET",     `${DOC}/revisions/1`,           "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("HEAD",    `${DOC}/revisions/1`,           "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("GET",     `${DOC}/revisions/1`,           "live",    "If-None-Match: first",    [401, 401, 304, 304, 304, 404, 404]),
  row("GET",     `${DOC}/revisions/2`,           "deleted", "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("HEAD",    `${DOC}/revisions/2`,           "deleted", "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("GET",     `${DOC}/revisions/99`,          "live",    "plain",                   [401, 401, 404, 404, 404, 404, 404]),
  row("OPTIONS", `${DOC}/revisions/1`,           "live",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),

  row("GET",     `${DOC}/members`,               "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("HEAD",    `${DOC}/members`,               "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("GET",     `${DOC}/members`,               "deleted", "plain",                   [401, 401, 200, 200, 200, 404, 404]),
  row("OPTIONS", `${DOC}/members`,               "live",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),

  row("PUT",     `${DOC}/members/:email`,        "live",    "member: new",             [401, 401, 201, 403, 403, 404, 404]),
  row("PUT",     `${DOC}/members/:email`,        "live",    "member: change",          [401, 401, 200, 403, 403, 404, 404]),
  row("DELETE",  `${DOC}/members/:email`,        "live",    "member: remove",          [401, 401, 204, 403, 403, 404, 404]),
  row("DELETE",  `${DOC}/members/:email`,        "deleted", "member: remove",          [401, 401, 204, 403, 403, 404, 404]),
  // A dry run is decided as the write is (dry-run-everywhere.integration.test.ts: and leaves nothing).
  row("PUT",     `${DOC}/members/:email?dryRun=true`, "live", "member: new",            [401, 401, 201, 403, 403, 404, 404]),
  row("DELETE",  `${DOC}/members/:email?dryRun=true`, "live", "member: remove",         [401, 401, 204, 403, 403, 404, 404]),
  row("OPTIONS", `${DOC}/members/:email`,        "live",    "member: new",             [204, 204, 204, 204, 204, 204, 204]),

  row("GET",     `${DOC}/activity`,              "live",    "plain",                   [401, 401, 200, 403, 403, 404, 200]),
  row("HEAD",    `${DOC}/activity`,              "live",    "plain",                   [401, 401, 200, 403, 403, 404, 200]),
  row("GET",     `${DOC}/activity`,              "deleted", "plain",                   [401, 401, 200, 403, 403, 404, 200]),
  row("OPTIONS", `${DOC}/activity`,              "live",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),

  row("POST",    `${DOC}/purge`,                 "deleted", "plain",                   [401, 401, 204, 403, 403, 404, 204]),
  row("POST",    `${DOC}/purge`,                 "live",    "plain",                   [401, 401, 409, 403, 403, 404, 409]),
  row("POST",    `${DOC}/purge?dryRun=true`,     "deleted", "plain",                   [401, 401, 204, 403, 403, 404, 204]),
  row("POST",    `${DOC}/purge?dryRun=true`,     "live",    "plain",                   [401, 401, 409, 403, 403, 404, 409]),
  row("OPTIONS", `${DOC}/purge`,                 "live",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),
  row("GET",     `${DOC}/purge`,                 "live",    "plain",                   [405, 405, 405, 405, 405, 405, 405]),

  row("GET",     `${DOC}/events`,                "live",    "plain",                   [401, 401, 200, 200, 200, 404, 404], { stream: true }),
  row("GET",     `${DOC}/events`,                "deleted", "plain",                   [401, 401, 200, 200, 200, 404, 404], { stream: true }),
  row("OPTIONS", `${DOC}/events`,                "live",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),
  row("POST",    `${DOC}/events`,                "live",    "plain",                   [405, 405, 405, 405, 405, 405, 405]),
  // Presence is announced by anyone who may read the document, viewers included.
  row("PUT",     `${DOC}/presence`,              "live",    "presence",                [401, 401, 204, 204, 204, 404, 404]),
  row("PUT",     `${DOC}/presence?dryRun=true`,  "live",    "presence",                [401, 401, 204, 204, 204, 404, 404]),
  row("OPTIONS", `${DOC}/presence`,              "live",    "presence",                [204, 204, 204, 204, 204, 204, 204]),
  row("GET",     `${DOC}/presence`,              "live",    "plain",                   [405, 405, 405, 405, 405, 405, 405]),
  row("GET",     "/api/events",                  "none",    "plain",                   [401, 401, 200, 200, 200, 200, 200], { stream: true }),
  row("OPTIONS", "/api/events",                  "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),

  row("GET",     "/api/me",                      "none",    "plain",                   [401, 401, 200, 200, 200, 200, 200]),
  row("HEAD",    "/api/me",                      "none",    "plain",                   [401, 401, 200, 200, 200, 200, 200]),
  row("OPTIONS", "/api/me",                      "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),

  row("GET",     "/api/tokens",                  "none",    "plain",                   [401, 401, 200, 200, 200, 200, 200]),
  row("HEAD",    "/api/tokens",                  "none",    "plain",                   [401, 401, 200, 200, 200, 200, 200]),
  row("POST",    "/api/tokens",                  "none",    "plain",                   [401, 401, 201, 201, 201, 201, 201]),
  row("OPTIONS", "/api/tokens",                  "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),
  // :tokenId is one of the owner's tokens: only its holder may revoke it, anyone else gets 404.
  row("DELETE",  "/api/tokens/:tokenId",         "none",    "plain",                   [401, 401, 204, 404, 404, 404, 404]),
  row("DELETE",  "/api/tokens/:tokenId?dryRun=true", "none", "plain",                   [401, 401, 204, 404, 404, 404, 404]),
  row("OPTIONS", "/api/tokens/:tokenId",         "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),

  row("GET",     "/api/activity",                "none",    "plain",                   [401, 401, 403, 403, 403, 403, 200]),
  row("HEAD",    "/api/activity",                "none",    "plain",                   [401, 401, 403, 403, 403, 403, 200]),
  row("OPTIONS", "/api/activity",                "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),

  // Sign-up is open here: invitations are refused to the admin as not applicable (409).
  row("POST",    "/api/invitations",             "none",    "plain",                   [401, 401, 403, 403, 403, 403, 409]),
  row("OPTIONS", "/api/invitations",             "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),

  // The API's description reveals no document data: public.
  row("GET",     "/api/openapi.json",            "none",    "plain",                   [200, 200, 200, 200, 200, 200, 200]),
  row("HEAD",    "/api/openapi.json",            "none",    "plain",                   [200, 200, 200, 200, 200, 200, 200]),
  row("OPTIONS", "/api/openapi.json",            "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),
  row("POST",    "/api/openapi.json",            "none",    "plain",                   [405, 405, 405, 405, 405, 405, 405]),
  row("GET",     "/api/docs",                    "none",    "plain",                   [200, 200, 200, 200, 200, 200, 200]),
  row("HEAD",    "/api/docs",                    "none",    "plain",                   [200, 200, 200, 200, 200, 200, 200]),
  row("OPTIONS", "/api/docs",                    "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),
  row("GET",     "/api/docs/init.js",            "none",    "plain",                   [200, 200, 200, 200, 200, 200, 200]),
  row("HEAD",    "/api/docs/swagger-ui.css",     "none",    "plain",                   [200, 200, 200, 200, 200, 200, 200]),
  row("GET",     "/api/docs/package.json",       "none",    "plain",                   [404, 404, 404, 404, 404, 404, 404]),
  row("OPTIONS", "/api/docs/init.js",            "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),

  // MCP: a personal access token only; what each tool may do is the documents API's rule (mcp.integration.test.ts).
  row("POST",    "/api/mcp",                     "none",    "mcp: initialize",         [401, 401, 200, 200, 200, 200, 200]),
  // MCP cannot do a dry run: refused before anything, authentication included.
  row("POST",    "/api/mcp?dryRun=true",         "none",    "mcp: initialize",         [400, 400, 400, 400, 400, 400, 400]),
  row("OPTIONS", "/api/mcp",                     "none",    "plain",                   [204, 204, 204, 204, 204, 204, 204]),
  row("GET",     "/api/mcp",                     "none",    "plain",                   [405, 405, 405, 405, 405, 405, 405]),
  row("DELETE",  "/api/mcp",                     "none",    "plain",                   [405, 405, 405, 405, 405, 405, 405]),
];

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MERGE_PATCH = "application/merge-patch+json";

/** Letters that never occur in a UUID, an ETag or a request id (hex and base64url aside). */
function marker(): string {
  const letters = "ghijkmnpqrstuvwxyz";
  return Array.from({ length: 14 }, () => letters[Math.floor(Math.random() * letters.length)]).join("");
}

interface Fixture {
  id: string;
  /** Occurs in the title and in every version's content: must never reach an outsider. */
  secret: string;
  /** Every ETag the document has had, newest last (a deleted one's ends with the tombstone's). */
  etags: string[];
  /** The live document's ETag, or the last one before the deletion. */
  current: string;
  version: number;
  /** One of the owner's tokens (for DELETE /api/tokens/:tokenId). */
  tokenId: string;
}

interface Person {
  account: TestAccount;
  /** As this person, on each instance. */
  on: Api[];
}

/** Opens an event stream for its status and headers only; a refusal is read whole (it is finite). */
async function openStream(api: Api, path: string): Promise<Reply> {
  const abort = new AbortController();
  const res = await fetch(`${api.baseUrl}${path}`, { headers: api.account ? { authorization: `Bearer ${api.account.token}` } : {}, signal: abort.signal });
  if (res.status === 200) {
    abort.abort();
    return { status: res.status, headers: res.headers, text: "", body: undefined };
  }
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined };
}

for (const provider of testProviders()) {
  describe(`access matrix, two instances (${provider})`, () => {
    const server = useServer(provider, {}, 2);
    const people = {} as Record<"owner" | "editor" | "viewer" | "stranger" | "target", Person>;
    let admin: Person;
    let baseUrls: string[];

    const personOn = (account: TestAccount): Person => ({ account, on: baseUrls.map((url) => makeApi(url, account)) });

    beforeAll(async () => {
      const s = server();
      baseUrls = s.apis.map((a) => a.baseUrl);
      admin = personOn(s.owner);
      const names = { owner: "Ottilie Owner", editor: "Edda Editor", viewer: "Vida Viewer", stranger: "Stan Stranger", target: "Tess Target" } as const;
      for (const [key, name] of Object.entries(names)) people[key as keyof typeof names] = personOn((await s.person(name)).account);
    });

    /** The answer-giving Api of a caller: they alternate between the two instances. */
    function callerApi(caller: CallerName): Api {
      const instance = CALLERS.indexOf(caller) % 2;
      switch (caller) {
        case "anonymous":
          return makeApi(baseUrls[instance]!, null);
        case "bad token":
          return makeApi(baseUrls[instance]!, { ...people.stranger.account, token: `tdm_${randomUUID().replaceAll("-", "")}` });
        case "admin":
          return admin.on[instance]!;
        default:
          return people[caller].on[instance]!;
      }
    }

    async function ok(reply: Reply | Promise<Reply>, status: number): Promise<Reply> {
      const r = await reply;
      if (r.status !== status) throw new Error(`fixture: expected ${status}, got ${r.status} ${r.text}`);
      return r;
    }

    /** A document the owner made on instance 0, with an editor and a viewer, at version 3 (deleted: 4). */
    async function makeDocument(state: "live" | "deleted"): Promise<Fixture> {
      const owner = people.owner.on[0]!;
      const secret = marker();
      const created = await ok(owner.request("POST", "/api/documents", { body: { title: `Title ${secret}`, content: `content ${secret} one\n` } }), 201);
      const id = created.body.id as string;
      for (const [who, role] of [["editor", "editor"], ["viewer", "viewer"]] as const) {
        await ok(owner.request("PUT", `/api/documents/${id}/members/${encodeURIComponent(people[who].account.email)}`, { body: { role } }), 201);
      }
      const etags = [created.headers.get("etag")!];
      for (const n of ["two", "three"]) {
        const r = await ok(owner.request("PUT", `/api/documents/${id}`, { headers: { "if-match": etags.at(-1)! }, body: { title: `Title ${secret}`, content: `content ${secret} ${n}\n` } }), 200);
        etags.push(r.headers.get("etag")!);
      }
      const current = etags.at(-1)!;
      let version = 3;
      if (state === "deleted") {
        await ok(owner.request("DELETE", `/api/documents/${id}`, { headers: { "if-match": current } }), 204);
        const revisions = await ok(owner.request("GET", `/api/documents/${id}/revisions`), 200);
        etags.push(`"${revisions.body.at(-1).etag as string}"`);
        version = 4;
      }
      return { id, secret, etags, current, version, tokenId: "" };
    }

    const shared = new Map<string, Promise<Fixture>>();
    /** Reads share one document per state; every write gets a fresh one. */
    async function fixtureFor(c: Case): Promise<Fixture> {
      let fixture: Fixture;
      if (c.state === "none") fixture = { id: "", secret: marker(), etags: [], current: '"none"', version: 0, tokenId: "" };
      else if (UNSAFE.has(c.method)) fixture = await makeDocument(c.state);
      else {
        if (!shared.has(c.state)) shared.set(c.state, makeDocument(c.state));
        fixture = await shared.get(c.state)!;
      }
      if (c.pattern.includes(":tokenId")) {
        const t = await ok(people.owner.on[0]!.request("POST", "/api/tokens", { body: { label: "to revoke" } }), 201);
        fixture = { ...fixture, tokenId: t.body.id as string };
      }
      return fixture;
    }

    function requestOf(c: Case, f: Pick<Fixture, "id" | "etags" | "current" | "tokenId">) {
      const email = c.variant === "member: new" ? people.target.account.email : people.editor.account.email;
      const path = c.pattern.replace(":id", f.id).replace(":email", encodeURIComponent(email)).replace(":tokenId", f.tokenId);
      const headers: Record<string, string> = {};
      let body: unknown;
      const diff = c.variant.startsWith("diff, ");
      const variant = c.variant.replace(/^diff, /, "");
      if (variant === "If-Match: current") headers["if-match"] = f.current;
      if (variant === "If-Match: stale") headers["if-match"] = f.etags[0]!;
      if (diff) {
        headers["content-type"] = "text/x-diff";
        return { path, init: { headers, raw: "@@ -0,0 +1 @@\n+patched\n" } };
      }
      if (c.variant === "If-Match: *") headers["if-match"] = "*";
      if (c.variant === "If-None-Match: *") headers["if-none-match"] = "*";
      if (c.variant === "If-None-Match: current") headers["if-none-match"] = f.current;
      if (c.variant === "If-None-Match: first") headers["if-none-match"] = f.etags[0]!;
      if (c.variant.startsWith("member: ") && c.method === "PUT") body = { role: "viewer" };
      else if (c.variant === "presence") body = { tab: "matrix-tab-1", state: "editing" };
      else if (c.method === "PATCH") {
        headers["content-type"] = MERGE_PATCH;
        body = { content: "patched\n" };
      } else if (c.method === "PUT" || (c.method === "POST" && c.pattern === "/api/documents")) body = { title: "written", content: "written\n" };
      else if (c.pattern === "/api/tokens" && c.method === "POST") body = { label: "matrix" };
      else if (c.pattern === "/api/invitations") body = { email: "invitee@example.com" };
      else if (c.variant === "mcp: initialize") {
        headers.accept = "application/json, text/event-stream";
        body = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "matrix", version: "1" } } };
      }
      return { path, init: { headers, ...(body === undefined ? {} : { body }) } };
    }

    /** Body and headers with the request's own id, the document id and the token id masked. */
    function normalised(r: Reply, ids: string[]): { text: string; headers: [string, string][] } {
      const requestId = r.headers.get("x-request-id") ?? "";
      const mask = (s: string) => ids.filter(Boolean).reduce((acc, id) => acc.replaceAll(id, "<id>"), requestId ? s.replaceAll(requestId, "<request>") : s);
      const headers = [...r.headers.entries()].filter(([name]) => name !== "date" && name !== "x-request-id").map(([n, v]) => [n, mask(v)] as [string, string]);
      return { text: mask(r.text), headers };
    }

    /**
     * Nothing about the document in a refusal: not its text, versions, validators or people.
     * What the caller sent (the path, echoed as `instance`) is masked first.
     */
    function expectNothingLeaks(r: Reply, f: Fixture, path: string, label: string) {
      const sentPath = [f.id, f.tokenId].filter(Boolean).reduce((acc, id) => acc.replaceAll(id, "<id>"), path.split("?")[0]!);
      const sent = (s: string) => s.replaceAll(sentPath, "<path>");
      const normal = normalised(r, [f.id, f.tokenId]);
      const text = sent(normal.text);
      const headers = normal.headers.map(([n, v]) => [n, sent(v)] as const);
      const everything = `${text}\n${headers.map(([n, v]) => `${n}: ${v}`).join("\n")}`;
      const forbidden = [
        f.secret,
        ...f.etags.flatMap((e) => [e, e.slice(1, -1)]),
        ...(["owner", "editor", "viewer", "target"] as const).flatMap((p) => [people[p].account.name, people[p].account.email]),
      ];
      for (const value of forbidden) expect(everything, `${label} shows ${value}`).not.toContain(value);
      if (f.version > 0) expect(text, `${label} shows the version`).not.toMatch(new RegExp(`(?<![0-9])${f.version}(?![0-9])`));
      for (const name of ["etag", "last-modified", "location", "tandem-conflict"]) expect(r.headers.get(name), `${label}: ${name}`).toBeNull();
      if (r.body !== undefined) {
        const keys = JSON.stringify(r.body).match(/"([A-Za-z]+)":/g) ?? [];
        for (const key of ['"current":', '"deleted":', '"version":', '"members":', '"content":', '"etag":', '"updatedBy":']) expect(keys, label).not.toContain(key);
      }
    }

    for (const c of MATRIX) {
      const label = `${c.method} ${c.pattern}${c.state === "none" ? "" : ` (${c.state})`}${c.variant === "plain" ? "" : ` [${c.variant}]`}`;
      // The callers of one row are independent of each other (writes get documents of their own).
      describe.concurrent(label, () => {
        CALLERS.forEach((caller, i) => {
          const status = c.expected[i]!;
          it(`${caller} → ${status}`, async () => {
            const f = await fixtureFor(c);
            const api = callerApi(caller);
            const { path, init } = requestOf(c, f);
            const r = c.stream ? await openStream(api, path) : await api.request(c.method, path, init);
            if (c.stream && status === 200) expect(r.headers.get("content-type")).toMatch(/^text\/event-stream/);
            expect(r.status, `${caller}: ${c.method} ${path} → ${r.text}`).toBe(status);
            if (status >= 400) {
              expect(r.headers.get("content-type")).toBe("application/problem+json");
              if (c.method !== "HEAD") expect(r.body).toMatchObject({ status });
            }
            if (status === 401) {
              expect(r.headers.get("www-authenticate")).toMatch(/^Bearer realm="tandem"/);
              if (caller === "bad token") expect(r.headers.get("www-authenticate")).toContain('error="invalid_token"');
            }
            if (!OUTSIDERS.has(caller) || status < 300) return;
            expectNothingLeaks(r, f, path, `${caller} ${c.method} ${path}`);
            // A refusal for a document that exists is the refusal for one that never did.
            const namesSomething = c.pattern.includes(":id") || c.pattern.includes(":tokenId");
            if (namesSomething && (status === 401 || status === 404) && !(c.createsOnFreeId && status === 404)) {
              const ghost = { id: randomUUID(), tokenId: randomUUID(), etags: f.etags, current: f.current };
              const request = requestOf(c, ghost);
              const g = c.stream ? await openStream(api, request.path) : await api.request(c.method, request.path, request.init);
              const real = normalised(r, [f.id, f.tokenId]);
              const never = normalised(g, [ghost.id, ghost.tokenId]);
              expect(g.status).toBe(r.status);
              expect(real.text).toBe(never.text);
              expect(real.headers).toEqual(never.headers);
            }
          });
        });
      });
    }

    describe("GET /api/documents", () => {
      it("lists only the documents the caller is a member of, and no deleted one", async () => {
        const live = await makeDocument("live");
        const deleted = await makeDocument("deleted");
        for (const caller of ["owner", "editor", "viewer", "stranger", "admin"] as const) {
          const r = await callerApi(caller).request("GET", "/api/documents");
          expect(r.status).toBe(200);
          const ids = (r.body as { id: string }[]).map((d) => d.id);
          expect(ids.includes(live.id), caller).toBe(caller !== "stranger" && caller !== "admin");
          expect(ids).not.toContain(deleted.id);
          if (caller === "stranger" || caller === "admin") expect(r.text).not.toContain(live.secret);
        }
        const roles = Object.fromEntries(
          await Promise.all((["owner", "editor", "viewer"] as const).map(async (c) => [c, (await callerApi(c).request("GET", "/api/documents")).body.find((d: { id: string }) => d.id === live.id).role])),
        );
        expect(roles).toEqual({ owner: "owner", editor: "editor", viewer: "viewer" });
      });

      it("?q= finds a document's words for its members only, and never a deleted one", async () => {
        const live = await makeDocument("live");
        const deleted = await makeDocument("deleted");
        for (const caller of ["owner", "editor", "viewer", "stranger", "admin"] as const) {
          for (const q of [live.secret, deleted.secret, live.secret.slice(0, 5)]) {
            const r = await callerApi(caller).request("GET", `/api/documents?q=${q}`);
            expect(r.status).toBe(200);
            const ids = (r.body as { id: string }[]).map((d) => d.id);
            expect(ids.includes(live.id), `${caller} ${q}`).toBe(caller !== "stranger" && caller !== "admin" && q !== deleted.secret);
            expect(ids).not.toContain(deleted.id);
            if (caller === "stranger" || caller === "admin") {
              expect(r.text).toBe("[]");
              expect(r.headers.get("link")).toBeNull();
            }
          }
        }
      });
    });

    describe("DELETE /api/documents/:id/members/:email", () => {
      it("takes effect at once, on the other instance too: the former member's next GET is the 404 of an unknown id", async () => {
        const f = await makeDocument("live");
        const viewer = people.viewer;
        expect((await viewer.on[1]!.request("GET", `/api/documents/${f.id}`)).status).toBe(200);
        const removed = await people.owner.on[0]!.request("DELETE", `/api/documents/${f.id}/members/${encodeURIComponent(viewer.account.email)}`);
        expect(removed.status).toBe(204);
        const after = await viewer.on[1]!.request("GET", `/api/documents/${f.id}`);
        const ghostId = randomUUID();
        const ghost = await viewer.on[1]!.request("GET", `/api/documents/${ghostId}`);
        expect(after.status).toBe(404);
        expect(normalised(after, [f.id]).text).toBe(normalised(ghost, [ghostId]).text);
        expect((await viewer.on[0]!.request("GET", `/api/documents/${f.id}/revisions/1`)).status).toBe(404);
        expect((await viewer.on[0]!.request("GET", "/api/documents")).body.map((d: { id: string }) => d.id)).not.toContain(f.id);
      });
    });

    describe("PUT|DELETE /api/documents/:id/members/:email", () => {
      // On SQLite a membership change used to read before it wrote in a deferred transaction:
      // any commit by another connection in between failed it with SQLITE_BUSY_SNAPSHOT (503/500).
      it("membership changes racing on both instances, alongside document writes, all succeed", async () => {
        const docs = await Promise.all(Array.from({ length: 8 }, () => people.owner.on[0]!.seed()));
        const email = encodeURIComponent(people.target.account.email);
        const statuses = await Promise.all(
          docs.map(async (d, i) => {
            const owner = people.owner.on[i % 2]!;
            const path = `/api/documents/${d.id}/members/${email}`;
            const out = [(await owner.request("PUT", path, { body: { role: "viewer" } })).status];
            const [changed, written] = await Promise.all([
              owner.request("PUT", path, { body: { role: "editor" } }),
              people.owner.on[1 - (i % 2)]!.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "raced", content: "raced\n" } }),
            ]);
            out.push(changed.status, written.status, (await owner.request("DELETE", path)).status);
            return out;
          }),
        );
        expect(statuses).toEqual(docs.map(() => [201, 200, 200, 204]));
      });
    });

    describe("POST /api/documents/:id/purge", () => {
      it("erases the document for everyone: former members get the 404 of an id that never existed", async () => {
        const f = await makeDocument("deleted");
        expect((await people.editor.on[1]!.request("GET", `/api/documents/${f.id}/revisions/1`)).status).toBe(200);
        expect((await admin.on[1]!.request("POST", `/api/documents/${f.id}/purge`)).status).toBe(204);
        const ghostId = randomUUID();
        for (const who of ["owner", "editor", "viewer"] as const) {
          for (const suffix of ["", "/revisions", "/revisions/1", "/members"]) {
            const r = await people[who].on[0]!.request("GET", `/api/documents/${f.id}${suffix}`);
            const g = await people[who].on[0]!.request("GET", `/api/documents/${ghostId}${suffix}`);
            expect(r.status, `${who} GET ${suffix}`).toBe(404);
            expect(normalised(r, [f.id]).text).toBe(normalised(g, [ghostId]).text);
          }
        }
        // The id is free again: a new document under it starts from nothing.
        const again = await people.stranger.on[1]!.request("PUT", `/api/documents/${f.id}`, { headers: { "if-none-match": "*" }, body: { title: "new", content: "new\n" } });
        expect(again.status).toBe(201);
        expect(again.body).toMatchObject({ version: 1, title: "new" });
        expect((await people.owner.on[0]!.request("GET", `/api/documents/${f.id}`)).status).toBe(404);
      });
    });
  });
}
