// `?dryRun=true` on every write route of the table, not only the document writes
// (dry-run.integration.test.ts): the same checks and the same answer, marked Tandem-Dry-Run:
// true, and no trace — no row (memberships, tokens, invitations, audit, idempotency keys, the
// document after a purge), no event, no write metric. The writes that cannot do a dry run (MCP,
// better-auth's endpoints) refuse one with a 400 and do nothing.
import { authHeaders, openEventStream, signUp, testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { makeApi, useServer, type Reply } from "./support/harness.ts";
import { dryRunCount, traces, writeMetrics } from "./support/traces.ts";

const DRY = "?dryRun=true";
const marked = (r: Reply) => r.headers.get("tandem-dry-run");
const key = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const tabId = () => `tab_${Math.random().toString(36).slice(2, 12)}`;

for (const provider of testProviders()) {
  describe(`?dryRun=true on every write route (${provider})`, () => {
    const api = useServer(provider);

    describe("POST /api/documents/:id/purge?dryRun=true", () => {
      it("a deleted document: 204, marked; the document, its revisions and members stay, nothing is audited or kept under the key", async () => {
        const s = api();
        const d = await s.seed("Gone", "x\n");
        await s.member(d.id, "Pat");
        expect((await s.request("DELETE", `/api/documents/${d.id}`, { headers: { "if-match": d.etag } })).status).toBe(204);
        const revisions = (await s.request("GET", `/api/documents/${d.id}/revisions`)).body;
        const members = (await s.request("GET", `/api/documents/${d.id}/members`)).body;
        const before = await traces(s.db, s.baseUrl);
        const k = key("purge");
        const r = await s.request("POST", `/api/documents/${d.id}/purge${DRY}`, { headers: { "idempotency-key": k } });
        expect([r.status, marked(r), r.text]).toEqual([204, "true", ""]);
        expect(await traces(s.db, s.baseUrl)).toEqual(before);
        expect((await s.request("GET", `/api/documents/${d.id}`)).status).toBe(410);
        expect((await s.request("GET", `/api/documents/${d.id}/revisions`)).body).toEqual(revisions);
        expect((await s.request("GET", `/api/documents/${d.id}/members`)).body).toEqual(members);
        // The real purge, with the same key, is not a replay: it erases the document.
        const real = await s.request("POST", `/api/documents/${d.id}/purge`, { headers: { "idempotency-key": k } });
        expect([real.status, marked(real), real.headers.get("idempotent-replayed")]).toEqual([204, null, null]);
        expect((await s.request("GET", `/api/documents/${d.id}`)).status).toBe(404);
      });

      it("the refusals are the real ones, marked: a live document → 409, an editor → 403, a stranger → 404", async () => {
        const s = api();
        const d = await s.seed();
        const editor = await s.member(d.id, "Ed");
        const stranger = await s.person("Stu");
        const before = await traces(s.db, s.baseUrl);
        const live = await s.request("POST", `/api/documents/${d.id}/purge${DRY}`);
        expect([live.status, live.body.code, marked(live)]).toEqual([409, "conflict", "true"]);
        const byEditor = await editor.request("POST", `/api/documents/${d.id}/purge${DRY}`);
        expect([byEditor.status, marked(byEditor)]).toEqual([403, "true"]);
        const byStranger = await stranger.request("POST", `/api/documents/${d.id}/purge${DRY}`);
        expect([byStranger.status, marked(byStranger)]).toEqual([404, "true"]);
        expect(await traces(s.db, s.baseUrl)).toEqual(before);
        expect((await s.request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
      });
    });

    describe("PUT /api/documents/:id/members/:email?dryRun=true", () => {
      it("answers the member it would add (201) or change (200), marked; nobody is shared with, audited or told", async () => {
        const s = api();
        const d = await s.seed();
        const other = await s.seed();
        const bo = await s.person("Bo");
        const stream = await openEventStream(`${s.baseUrl}/api/events`, authHeaders(bo.account));
        try {
          await stream.next((e) => e.event === "ready");
          const members = (await s.request("GET", `/api/documents/${d.id}/members`)).body;
          const before = await traces(s.db, s.baseUrl);
          const path = `/api/documents/${d.id}/members/${encodeURIComponent(bo.account.email)}`;
          const r = await s.request("PUT", `${path}${DRY}`, { body: { role: "editor" } });
          expect([r.status, marked(r)]).toEqual([201, "true"]);
          expect(r.body).toEqual({ userId: bo.account.id, email: bo.account.email, name: "Bo", role: "editor" });
          expect(await traces(s.db, s.baseUrl)).toEqual(before);
          expect((await s.request("GET", `/api/documents/${d.id}/members`)).body).toEqual(members);
          expect((await bo.request("GET", `/api/documents/${d.id}`)).status).toBe(404);
          // Bo's next `shared` event is the real share of another document.
          await s.share(other.id, bo);
          await stream.next((e) => e.event === "shared" && (e.data as { documentId: string }).documentId === other.id);
          expect(stream.events.filter((e) => (e.data as { documentId?: string } | null)?.documentId === d.id)).toEqual([]);
        } finally {
          stream.close();
        }
        await s.share(d.id, bo, "viewer");
        const change = await s.request("PUT", `/api/documents/${d.id}/members/${encodeURIComponent(bo.account.email)}${DRY}`, { body: { role: "editor" } });
        expect([change.status, change.body.role, marked(change)]).toEqual([200, "editor", "true"]);
        expect((await s.request("GET", `/api/documents/${d.id}/members`)).body.find((m: { userId: string }) => m.userId === bo.account.id).role).toBe("viewer");
      });

      it("the refusals are the real ones, marked: the owner → 409, no such account → 422, a bad role → 422", async () => {
        const s = api();
        const d = await s.seed();
        const before = await traces(s.db, s.baseUrl);
        const own = await s.request("PUT", `/api/documents/${d.id}/members/${encodeURIComponent(s.owner.email)}${DRY}`, { body: { role: "editor" } });
        expect([own.status, own.body.code, marked(own)]).toEqual([409, "conflict", "true"]);
        const nobody = await s.request("PUT", `/api/documents/${d.id}/members/nobody-${Date.now()}%40example.com${DRY}`, { body: { role: "editor" } });
        expect([nobody.status, nobody.body.code, marked(nobody)]).toEqual([422, "validation-failed", "true"]);
        const badRole = await s.request("PUT", `/api/documents/${d.id}/members/${encodeURIComponent(s.owner.email)}${DRY}`, { body: { role: "owner" } });
        expect([badRole.status, marked(badRole)]).toEqual([422, "true"]);
        expect(await traces(s.db, s.baseUrl)).toEqual(before);
      });
    });

    describe("DELETE /api/documents/:id/members/:email?dryRun=true", () => {
      it("204, marked; the member keeps their access, nothing is audited; a non-member → 404, marked", async () => {
        const s = api();
        const d = await s.seed();
        const bo = await s.member(d.id, "Bo");
        const stranger = await s.person("Sal");
        const before = await traces(s.db, s.baseUrl);
        const r = await s.request("DELETE", `/api/documents/${d.id}/members/${encodeURIComponent(bo.account.email)}${DRY}`);
        expect([r.status, marked(r), r.text]).toEqual([204, "true", ""]);
        const none = await s.request("DELETE", `/api/documents/${d.id}/members/${encodeURIComponent(stranger.account.email)}${DRY}`);
        expect([none.status, marked(none)]).toEqual([404, "true"]);
        expect(await traces(s.db, s.baseUrl)).toEqual(before);
        expect((await bo.request("GET", `/api/documents/${d.id}`)).status).toBe(200);
      });
    });

    describe("POST /api/tokens?dryRun=true", () => {
      it("201 with a new token's shape, marked and not stored; the token it shows authenticates nothing", async () => {
        const s = api();
        const tokens = (await s.request("GET", "/api/tokens")).body;
        const before = await traces(s.db, s.baseUrl);
        const r = await s.request("POST", `/api/tokens${DRY}`, { body: { label: "CI" }, headers: { "idempotency-key": key("token") } });
        expect([r.status, marked(r), r.headers.get("cache-control")]).toEqual([201, "true", "no-store"]);
        expect(Object.keys(r.body).sort()).toEqual(["createdAt", "id", "label", "lastUsedAt", "prefix", "token"]);
        expect(r.body).toMatchObject({ label: "CI", lastUsedAt: null });
        expect(r.body.token.startsWith(r.body.prefix)).toBe(true);
        expect(await traces(s.db, s.baseUrl)).toEqual(before);
        expect((await s.request("GET", "/api/tokens")).body).toEqual(tokens);
        expect((await s.request("GET", "/api/me", { headers: { authorization: `Bearer ${r.body.token}` } })).status).toBe(401);
        const empty = await s.request("POST", `/api/tokens${DRY}`, { body: { label: " " } });
        expect([empty.status, empty.body.code, marked(empty)]).toEqual([422, "validation-failed", "true"]);
      });
    });

    describe("DELETE /api/tokens/:tokenId?dryRun=true", () => {
      it("204, marked; the token still works; an unknown id → 404, marked", async () => {
        const s = api();
        const created = await s.request("POST", "/api/tokens", { body: { label: "keep" } });
        expect(created.status).toBe(201);
        const before = await traces(s.db, s.baseUrl);
        const r = await s.request("DELETE", `/api/tokens/${created.body.id}${DRY}`);
        expect([r.status, marked(r), r.text]).toEqual([204, "true", ""]);
        const unknown = await s.request("DELETE", `/api/tokens/no-such-token${DRY}`);
        expect([unknown.status, unknown.body.code, marked(unknown)]).toEqual([404, "not-found", "true"]);
        expect(await traces(s.db, s.baseUrl)).toEqual(before);
        expect((await s.request("GET", "/api/me", { headers: { authorization: `Bearer ${created.body.token}` } })).status).toBe(200);
      });
    });

    describe("PUT /api/documents/:id/presence?dryRun=true", () => {
      it("204, marked; nobody sees the state (the real one afterwards is seen)", async () => {
        const s = api();
        const d = await s.seed();
        const tab = tabId();
        const stream = await openEventStream(`${s.baseUrl}/api/documents/${d.id}/events?tab=${tab}`, authHeaders(s.owner));
        const annIs = (state: string) => (e: { event: string; data: unknown }) => e.event === "presence" && JSON.stringify((e.data as { users: { state: string }[] }).users.map((u) => u.state)) === JSON.stringify([state]);
        try {
          await stream.next(annIs("viewing"));
          const before = await traces(s.db, s.baseUrl);
          const r = await s.request("PUT", `/api/documents/${d.id}/presence${DRY}`, { body: { tab, state: "editing" } });
          expect([r.status, marked(r)]).toEqual([204, "true"]);
          const bad = await s.request("PUT", `/api/documents/${d.id}/presence${DRY}`, { body: { tab, state: "sleeping" } });
          expect([bad.status, marked(bad)]).toEqual([422, "true"]);
          expect(await traces(s.db, s.baseUrl)).toEqual(before);
          // A real write after it: its event comes, and no `editing` came before it.
          const put = await s.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "t", content: "c\n" } });
          await stream.next((e) => e.event === "version" && (e.data as { etag: string }).etag === put.headers.get("etag"));
          expect(stream.events.filter(annIs("editing"))).toEqual([]);
          expect((await s.request("PUT", `/api/documents/${d.id}/presence`, { body: { tab, state: "editing" } })).status).toBe(204);
          await stream.next(annIs("editing"));
        } finally {
          stream.close();
        }
      });
    });

    describe("POST /api/mcp?dryRun=true", () => {
      it("→ 400 naming dryRun: MCP cannot do a dry run, and the tool does not run", async () => {
        const s = api();
        const before = await traces(s.db, s.baseUrl);
        const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "create_document", arguments: { title: "Not made", content: "x\n" } } };
        const r = await s.request("POST", `/api/mcp${DRY}`, { headers: { accept: "application/json, text/event-stream" }, body: call });
        expect([r.status, r.body.code, r.body.parameter, marked(r)]).toEqual([400, "bad-request", "dryRun", null]);
        expect(await traces(s.db, s.baseUrl)).toEqual(before);
      });
    });

    describe("POST /api/auth/sign-up/email?dryRun=true", () => {
      it("→ 400 naming dryRun: the authentication library's writes cannot do a dry run; nobody is signed up", async () => {
        const s = api();
        const email = `dry-${Date.now()}@example.com`;
        const before = await traces(s.db, s.baseUrl);
        const r = await fetch(`${s.baseUrl}/api/auth/sign-up/email${DRY}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: new URL(s.baseUrl).origin },
          body: JSON.stringify({ name: "Dry", email, password: "a long enough password" }),
        });
        const body = (await r.json()) as { code: string; parameter: string };
        expect([r.status, body.code, body.parameter]).toEqual([400, "bad-request", "dryRun"]);
        expect(await traces(s.db, s.baseUrl)).toEqual(before);
        // The email is still free.
        expect((await signUp(s.baseUrl, { name: "Dry", email })).email).toBe(email);
      });
    });

    describe("write metrics and ?dryRun=true", () => {
      it("dry runs of POST, PUT, PATCH, DELETE (a 412 and a 428 among them) move no write counter; tandem_dry_runs_total counts them", async () => {
        const s = api();
        const d = await s.seed("Plan", "one\n");
        const moved = await s.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "two\n" } });
        const current = moved.headers.get("etag")!;
        const metrics = await writeMetrics(s.baseUrl);
        const dryRuns = await dryRunCount(s.baseUrl);
        const answers = [
          await s.request("POST", `/api/documents${DRY}`, { body: { title: "New", content: "x\n" } }),
          await s.request("PUT", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": current }, body: { title: "Plan", content: "three\n" } }),
          await s.request("PATCH", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": current, "content-type": "application/merge-patch+json" }, raw: JSON.stringify({ title: "Renamed" }) }),
          await s.request("DELETE", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": current, "x-tandem-retry": "2" } }),
          await s.request("PUT", `/api/documents/${d.id}${DRY}`, { headers: { "if-match": d.etag }, body: { title: "Plan", content: "stale\n" } }),
          await s.request("PUT", `/api/documents/${d.id}${DRY}`, { body: { title: "Plan", content: "unconditional\n" } }),
        ];
        expect(answers.map((r) => [r.status, marked(r)])).toEqual([[201, "true"], [200, "true"], [200, "true"], [204, "true"], [412, "true"], [428, "true"]]);
        expect(await writeMetrics(s.baseUrl)).toEqual(metrics);
        expect(await dryRunCount(s.baseUrl)).toBe(dryRuns + 6);
        expect(await dryRunCount(s.baseUrl, { route: "/api/documents/:id", method: "PUT", status: "412" })).toBeGreaterThanOrEqual(1);
        // A real write is counted, so the counters above were live.
        await s.request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": current }, body: { title: "Plan", content: "three\n" } });
        expect((await writeMetrics(s.baseUrl)).tandem_document_writes_total).toBe(metrics.tandem_document_writes_total! + 1);
      });
    });
  });

  describe(`POST /api/invitations?dryRun=true (${provider}, TANDEM_SIGNUP=invite)`, () => {
    const api = useServer(provider, { TANDEM_SIGNUP: "invite" });

    it("201 with the link it would make, marked; no invitation is stored and the link signs nobody up", async () => {
      const s = api();
      const email = `invitee-${Date.now()}@example.com`;
      const before = await traces(s.db, s.baseUrl);
      const r = await s.request("POST", `/api/invitations${DRY}`, { body: { email } });
      expect([r.status, marked(r), r.headers.get("cache-control")]).toEqual([201, "true", "no-store"]);
      expect(Object.keys(r.body).sort()).toEqual(["email", "expiresAt", "url"]);
      expect(r.body.email).toBe(email);
      const invite = new URL(r.body.url).searchParams.get("invite")!;
      expect(invite.length).toBeGreaterThan(20);
      const bad = await s.request("POST", `/api/invitations${DRY}`, { body: { email: "not an email" } });
      expect([bad.status, marked(bad)]).toEqual([422, "true"]);
      expect(await traces(s.db, s.baseUrl)).toEqual(before);
      await expect(signUp(s.baseUrl, { name: "Invitee", email, headers: { "tandem-invite": invite } })).rejects.toThrow(/403/);
    });

    it("a non-admin's dry run is the real 403, marked", async () => {
      const s = api();
      const real = await s.request("POST", "/api/invitations", { body: { email: `member-${Date.now()}@example.com` } });
      const invite = new URL(real.body.url).searchParams.get("invite")!;
      const member = await signUp(s.baseUrl, { name: "Mem", email: real.body.email, headers: { "tandem-invite": invite } });
      const r = await makeApi(s.baseUrl, member).request("POST", `/api/invitations${DRY}`, { body: { email: "friend@example.com" } });
      expect([r.status, r.body.code, marked(r)]).toEqual([403, "forbidden", "true"]);
    });
  });
}
