// Idempotency-Key on the writes beyond documents, purge and membership
// (idempotency.integration.test.ts): tokens, invitations, presence. The same key and request
// replays the first answer (status, headers, body) without applying it again; the same key with
// another request → 422. An answer holding a secret (a new token, an invitation link) is kept
// sealed, never in the clear. A dry run neither claims nor replays a key.
import { testProviders, type TestDatabase } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer, type Reply } from "./support/harness.ts";
import { rowCounts, sql } from "./support/traces.ts";

const key = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const replayed = (r: Reply) => r.headers.get("idempotent-replayed");

/** The stored answer of a key. */
async function storedBody(db: TestDatabase, k: string): Promise<string | null> {
  const rows = await sql<{ body: string | null }>(db, `SELECT "body" FROM "IdempotencyRecord" WHERE "key" = $1`, [k]);
  expect(rows).toHaveLength(1);
  return rows[0]!.body;
}

async function auditCount(db: TestDatabase, type: string): Promise<number> {
  return Number((await sql<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "type" = $1`, [type]))[0]!.n);
}

for (const provider of testProviders()) {
  describe(`Idempotency-Key on every write route (${provider})`, () => {
    const api = useServer(provider);

    describe("POST /api/tokens", () => {
      it("the same key and request: one token; the retry gets the first answer (the same token), marked; the record holds it sealed", async () => {
        const s = api();
        const k = key("token");
        const tokens = (await s.request("GET", "/api/tokens")).body.length;
        const audits = await auditCount(s.db, "token-created");
        const send = () => s.request("POST", "/api/tokens", { headers: { "idempotency-key": k }, body: { label: "CI" } });
        const first = await send();
        const again = await send();
        expect([first.status, replayed(first), again.status, replayed(again)]).toEqual([201, null, 201, "true"]);
        expect(again.body).toEqual(first.body);
        expect(again.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
        expect((await s.request("GET", "/api/tokens")).body.length).toBe(tokens + 1);
        expect(await auditCount(s.db, "token-created")).toBe(audits + 1);
        expect((await s.request("GET", "/api/me", { headers: { authorization: `Bearer ${again.body.token}` } })).status).toBe(200);
        // Tokens are kept only as hashes: the stored answer does not show it.
        const stored = await storedBody(s.db, k);
        expect(stored).toMatch(/^sealed:v1:/);
        expect(stored).not.toContain(first.body.token);
      });

      it("a sealed answer that no longer opens (sealed under another secret) → 409, and no second token", async () => {
        const s = api();
        const k = key("token-resealed");
        const send = () => s.request("POST", "/api/tokens", { headers: { "idempotency-key": k }, body: { label: "CI" } });
        expect((await send()).status).toBe(201);
        const tokens = (await s.request("GET", "/api/tokens")).body.length;
        // What a record sealed under an earlier secret looks like to this server: it does not authenticate.
        const stored = (await storedBody(s.db, k))!;
        const bytes = Buffer.from(stored.slice("sealed:v1:".length), "base64");
        bytes[20]! ^= 1;
        const foreign = `sealed:v1:${bytes.toString("base64")}`;
        expect(await sql(s.db, `UPDATE "IdempotencyRecord" SET "body" = $1 WHERE "key" = $2 RETURNING "key"`, [foreign, k])).toHaveLength(1);
        const again = await send();
        expect([again.status, again.body.code]).toEqual([409, "conflict"]);
        expect((await s.request("GET", "/api/tokens")).body.length).toBe(tokens);
      });

      it("the same key with another request → 422, and no token is made", async () => {
        const s = api();
        const k = key("token-mismatch");
        expect((await s.request("POST", "/api/tokens", { headers: { "idempotency-key": k }, body: { label: "one" } })).status).toBe(201);
        const tokens = (await s.request("GET", "/api/tokens")).body.length;
        const other = await s.request("POST", "/api/tokens", { headers: { "idempotency-key": k }, body: { label: "two" } });
        expect([other.status, other.body.code]).toEqual([422, "idempotency-key-mismatch"]);
        expect((await s.request("GET", "/api/tokens")).body.length).toBe(tokens);
      });

      it("a dry run with a key neither claims nor replays it: the real request with that key then runs", async () => {
        const s = api();
        const k = key("token-dry");
        const before = (await rowCounts(s.db)).IdempotencyRecord!;
        const dry = await s.request("POST", "/api/tokens?dryRun=true", { headers: { "idempotency-key": k }, body: { label: "CI" } });
        expect([dry.status, dry.headers.get("tandem-dry-run")]).toEqual([201, "true"]);
        expect((await rowCounts(s.db)).IdempotencyRecord).toBe(before);
        const real = await s.request("POST", "/api/tokens", { headers: { "idempotency-key": k }, body: { label: "CI" } });
        expect([real.status, replayed(real), real.headers.get("tandem-dry-run")]).toEqual([201, null, null]);
        expect(real.body.token).not.toBe(dry.body.token);
        // …and a dry run after it is not answered from the key either.
        const dryAgain = await s.request("POST", "/api/tokens?dryRun=true", { headers: { "idempotency-key": k }, body: { label: "CI" } });
        expect([dryAgain.status, replayed(dryAgain), dryAgain.headers.get("tandem-dry-run")]).toEqual([201, null, "true"]);
      });
    });

    describe("DELETE /api/tokens/:tokenId", () => {
      it("the same key and request: revoked once (one audit entry); the retry gets the 204 again, marked", async () => {
        const s = api();
        const created = await s.request("POST", "/api/tokens", { body: { label: "old" } });
        const audits = await auditCount(s.db, "token-revoked");
        const k = key("revoke");
        const send = () => s.request("DELETE", `/api/tokens/${created.body.id}`, { headers: { "idempotency-key": k } });
        const first = await send();
        const again = await send();
        expect([first.status, replayed(first), again.status, replayed(again)]).toEqual([204, null, 204, "true"]);
        expect(await auditCount(s.db, "token-revoked")).toBe(audits + 1);
        // Without the key, the retry is the real second attempt: there is nothing left to revoke.
        expect((await s.request("DELETE", `/api/tokens/${created.body.id}`)).status).toBe(404);
      });

      it("the same key for another token → 422, and that token stays", async () => {
        const s = api();
        const one = await s.request("POST", "/api/tokens", { body: { label: "one" } });
        const two = await s.request("POST", "/api/tokens", { body: { label: "two" } });
        const k = key("revoke-mismatch");
        expect((await s.request("DELETE", `/api/tokens/${one.body.id}`, { headers: { "idempotency-key": k } })).status).toBe(204);
        const other = await s.request("DELETE", `/api/tokens/${two.body.id}`, { headers: { "idempotency-key": k } });
        expect([other.status, other.body.code]).toEqual([422, "idempotency-key-mismatch"]);
        expect((await s.request("GET", "/api/me", { headers: { authorization: `Bearer ${two.body.token}` } })).status).toBe(200);
      });
    });

    describe("PUT /api/documents/:id/presence", () => {
      it("the same key and request: the retry gets the 204 again, marked; another state under that key → 422", async () => {
        const s = api();
        const d = await s.seed();
        const tab = `tab_${Math.random().toString(36).slice(2, 12)}`;
        const k = key("presence");
        const send = (state: string) => s.request("PUT", `/api/documents/${d.id}/presence`, { headers: { "idempotency-key": k }, body: { tab, state } });
        const first = await send("editing");
        const again = await send("editing");
        expect([first.status, replayed(first), again.status, replayed(again)]).toEqual([204, null, 204, "true"]);
        const other = await send("viewing");
        expect([other.status, other.body.code]).toEqual([422, "idempotency-key-mismatch"]);
      });
    });
  });

  describe(`Idempotency-Key on POST /api/invitations (${provider}, TANDEM_SIGNUP=invite)`, () => {
    const api = useServer(provider, { TANDEM_SIGNUP: "invite" });

    it("the same key and request: one invitation, the same link in both answers (kept sealed); another email under that key → 422", async () => {
      const s = api();
      const k = key("invite");
      const email = `invitee-${Date.now()}@example.com`;
      const before = (await rowCounts(s.db)).Invitation!;
      const send = (address: string) => s.request("POST", "/api/invitations", { headers: { "idempotency-key": k }, body: { email: address } });
      const first = await send(email);
      const again = await send(email);
      expect([first.status, replayed(first), again.status, replayed(again)]).toEqual([201, null, 201, "true"]);
      expect(again.body).toEqual(first.body);
      expect((await rowCounts(s.db)).Invitation).toBe(before + 1);
      const stored = await storedBody(s.db, k);
      expect(stored).toMatch(/^sealed:v1:/);
      expect(stored).not.toContain(new URL(first.body.url).searchParams.get("invite")!);
      const other = await send(`other-${email}`);
      expect([other.status, other.body.code]).toEqual([422, "idempotency-key-mismatch"]);
      expect((await rowCounts(s.db)).Invitation).toBe(before + 1);
    });
  });
}
