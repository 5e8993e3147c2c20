// Accounts (issue 9): who may sign up (TANDEM_SIGNUP), the first account as admin, sign-in and
// its rate limit, the session cookie, sign-out, personal access tokens, display names, and the
// operators' CLI. Sign-ups hash a password: each describe reuses the accounts it makes.
import { execFile } from "node:child_process";
import path from "node:path";
import { REPO_ROOT, signUp, testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { makeApi, useServer } from "./support/harness.ts";

const CLI = path.join(REPO_ROOT, "apps", "web", "dist-server", "server", "cli.js");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node apps/web/dist-server/server/cli.js …` against a database, as an operator runs it. */
function cli(args: string[], databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: path.join(REPO_ROOT, "apps", "web"), env: { ...process.env, DATABASE_URL: databaseUrl, TANDEM_PASSWORD: "", ...extraEnv }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

let counter = 0;
function email(name: string): string {
  return `${name}-${process.pid}-${Date.now().toString(36)}-${counter++}@example.com`;
}

function post(baseUrl: string, endpoint: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/auth${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: new URL(baseUrl).origin, ...headers },
    body: JSON.stringify(body),
  });
}

const signIn = (baseUrl: string, who: { email: string; password: string }, headers: Record<string, string> = {}) => post(baseUrl, "/sign-in/email", { email: who.email, password: who.password }, headers);

function sessionSetCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!cookie) throw new Error(`no session cookie in ${res.status}: ${JSON.stringify(res.headers.getSetCookie())}`);
  return cookie;
}

/** GET /api/me with a cookie (no token). */
function meWithCookie(baseUrl: string, cookie: string): Promise<Response> {
  return fetch(`${baseUrl}/api/me`, { headers: { cookie } });
}

for (const provider of testProviders()) {
  describe(`accounts, open sign-up, two instances (${provider})`, () => {
    const server = useServer(provider, {}, 2);

    describe("POST /api/auth/sign-up/email", () => {
      it("the first account is the admin; later ones are not", async () => {
        const s = server();
        const ann = await s.request("GET", "/api/me");
        expect(ann.status).toBe(200);
        expect(ann.body).toEqual({ id: s.owner.id, email: s.owner.email, name: "Ann", isAdmin: true });
        const bo = await s.person("Bo", 1);
        expect((await bo.request("GET", "/api/me")).body).toMatchObject({ name: "Bo", isAdmin: false });
        expect((await s.anonymous.request("GET", "/api/signup")).body).toEqual({ mode: "open", firstAccount: false });
      });

      it.each([
        ["a right-to-left override (U+202E)", "Ann\u202Eeve"],
        ["a control character (BEL)", "Ann\u0007"],
        ["a newline", "Ann\nAdmin"],
        ["a zero-width space", "A\u200Bnn"],
      ])("a name with %s → 422, and no account", async (_what, name) => {
        const address = email("bad-name");
        const r = await post(server().baseUrl, "/sign-up/email", { name, email: address, password: "correct horse battery" });
        expect(r.status).toBe(422);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
        expect(await r.json()).toMatchObject({ code: "validation-failed", errors: [{ path: "name" }] });
        expect((await signIn(server().baseUrl, { email: address, password: "correct horse battery" })).status).toBe(401);
      });

      it("POST /api/auth/update-user with such a name → 422, the name stays", async () => {
        const s = server();
        for (const name of ["Ann\u202Egnp", "Ann\u0000"]) {
          const r = await post(s.baseUrl, "/update-user", { name }, { cookie: s.owner.cookie });
          expect(r.status).toBe(422);
        }
        expect((await s.request("GET", "/api/me")).body.name).toBe("Ann");
      });
    });

    describe("POST /api/auth/sign-in/email", () => {
      it("sets the session cookie HttpOnly, SameSite=Lax, without Secure on http", async () => {
        const s = server();
        const r = await signIn(s.baseUrl, s.owner);
        expect(r.status).toBe(200);
        const cookie = sessionSetCookie(r);
        expect(cookie).toMatch(/^tandem\.session_token=/);
        const attributes = cookie.split(";").map((a) => a.trim().toLowerCase());
        expect(attributes).toContain("httponly");
        expect(attributes).toContain("samesite=lax");
        expect(attributes).toContain("path=/");
        expect(attributes).not.toContain("secure");
        expect((await meWithCookie(s.apis[1]!.baseUrl, cookie.split(";")[0]!)).status).toBe(200);
      });

      it("a wrong password → 401, no cookie, and a sign-in-failed entry in the trail (without the password)", async () => {
        const s = server();
        const bo = await s.person("Bo Wrong");
        const wrong = "not-the-password-xyzzy";
        const r = await signIn(s.apis[1]!.baseUrl, { email: bo.account.email, password: wrong });
        expect(r.status).toBe(401);
        expect(r.headers.getSetCookie().some((c) => c.includes("session_token=") && !/max-age=0/i.test(c))).toBe(false);
        const trail = await s.request("GET", "/api/activity");
        expect(trail.status).toBe(200);
        const failed = trail.body.find((e: { type: string; detail: { email?: string } }) => e.type === "sign-in-failed" && e.detail.email === bo.account.email);
        expect(failed).toMatchObject({ type: "sign-in-failed", actor: null, documentId: null, detail: { email: bo.account.email, status: 401 } });
        expect(trail.text).not.toContain(wrong);
        expect(trail.text).not.toContain(bo.account.password);
        // The right password still works, and is recorded as a sign-in.
        expect((await signIn(s.baseUrl, bo.account)).status).toBe(200);
        const after = await s.request("GET", "/api/activity");
        expect(after.body.some((e: { type: string; actor: { id: string } | null }) => e.type === "sign-in" && e.actor?.id === bo.account.id)).toBe(true);
      });
    });

    describe("POST /api/auth/sign-out", () => {
      it("ends the session at once, on the other instance too: the next API call is 401", async () => {
        const s = server();
        const signedIn = await signIn(s.baseUrl, s.owner);
        const cookie = sessionSetCookie(signedIn).split(";")[0]!;
        expect((await meWithCookie(s.apis[1]!.baseUrl, cookie)).status).toBe(200);
        const out = await post(s.baseUrl, "/sign-out", {}, { cookie });
        expect(out.status).toBe(200);
        const after = await meWithCookie(s.apis[1]!.baseUrl, cookie);
        expect(after.status).toBe(401);
        expect(after.headers.get("www-authenticate")).toMatch(/^Bearer realm="tandem"/);
        // Ann's other session (her sign-up's) and her token are untouched.
        expect((await meWithCookie(s.baseUrl, s.owner.cookie)).status).toBe(200);
        expect((await s.request("GET", "/api/me")).status).toBe(200);
      });
    });

    describe("POST|GET /api/tokens, DELETE /api/tokens/:tokenId", () => {
      it("a token is shown once, listed without its value, and revoking it ends it at once on the other instance", async () => {
        const s = server();
        const origin = new URL(s.baseUrl).origin;
        const created = await fetch(`${s.baseUrl}/api/tokens`, {
          method: "POST",
          headers: { "content-type": "application/json", origin, cookie: s.owner.cookie },
          body: JSON.stringify({ label: "laptop" }),
        });
        expect(created.status).toBe(201);
        expect(created.headers.get("cache-control")).toBe("no-store");
        const token = (await created.json()) as { id: string; token: string; prefix: string; label: string };
        expect(token).toMatchObject({ label: "laptop", lastUsedAt: null });
        expect(token.token).toMatch(/^tdm_\S{20,}$/);
        expect(token.token.startsWith(token.prefix)).toBe(true);

        const other = makeApi(s.apis[1]!.baseUrl, { ...s.owner, token: token.token });
        expect((await other.request("GET", "/api/me")).body).toMatchObject({ id: s.owner.id });

        const list = await s.request("GET", "/api/tokens");
        expect(list.status).toBe(200);
        expect(list.text).not.toContain(token.token);
        const listed = list.body.find((t: { id: string }) => t.id === token.id);
        expect(Object.keys(listed).sort()).toEqual(["createdAt", "id", "label", "lastUsedAt", "prefix"]);

        const revoked = await s.request("DELETE", `/api/tokens/${token.id}`);
        expect(revoked.status).toBe(204);
        const after = await other.request("GET", "/api/me");
        expect(after.status).toBe(401);
        expect(after.headers.get("www-authenticate")).toContain('error="invalid_token"');
        expect((await s.request("GET", "/api/tokens")).body.map((t: { id: string }) => t.id)).not.toContain(token.id);
        expect((await s.request("DELETE", `/api/tokens/${token.id}`)).status).toBe(404);

        const trail = (await s.request("GET", "/api/activity")).body as { type: string; detail: { tokenId?: string } }[];
        expect(trail.filter((e) => e.detail.tokenId === token.id).map((e) => e.type).sort()).toEqual(["token-created", "token-revoked"]);
        expect(JSON.stringify(trail)).not.toContain(token.token);
      });
    });

    describe("X-Author", () => {
      it("is ignored: the author is always the account", async () => {
        const s = server();
        const created = await s.request("POST", "/api/documents", { headers: { "x-author": "Mallory" }, body: { title: "t", content: "c\n" } });
        expect(created.body.updatedBy).toBe("Ann");
        const put = await s.apis[1]!.request("PUT", `/api/documents/${created.body.id}`, {
          headers: { "if-match": created.headers.get("etag")!, "x-author": "Mallory" },
          body: { title: "t", content: "d\n" },
        });
        expect(put.status).toBe(200);
        expect(put.body).toMatchObject({ updatedBy: "Ann", updatedById: s.owner.id });
        const revisions = await s.request("GET", `/api/documents/${created.body.id}/revisions`);
        expect(revisions.text).not.toContain("Mallory");
      });
    });

    describe("cli.js user add, token add", () => {
      it("user add exits 0; again with the same email, non-zero with a message", async () => {
        const s = server();
        const address = email("cli-user");
        const first = await cli(["user", "add", "--email", address, "--name", "Cli User", "--password", "cli password 1"], s.db.url);
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toBe("");
        expect(first.stderr).toContain(address);
        expect((await signIn(s.apis[1]!.baseUrl, { email: address, password: "cli password 1" })).status).toBe(200);
        const again = await cli(["user", "add", "--email", address.toUpperCase(), "--name", "Other", "--password", "cli password 2"], s.db.url);
        expect(again.code).not.toBe(0);
        expect(again.stderr).toMatch(/exists/);
        expect((await signIn(s.baseUrl, { email: address, password: "cli password 2" })).status).toBe(401);
      });

      it("user add takes the password from TANDEM_PASSWORD", async () => {
        const s = server();
        const address = email("cli-env");
        const r = await cli(["user", "add", "--email", address, "--name", "Env User"], s.db.url, { TANDEM_PASSWORD: "from the environment" });
        expect(r.code, r.stderr).toBe(0);
        expect((await signIn(s.baseUrl, { email: address, password: "from the environment" })).status).toBe(200);
        const none = await cli(["user", "add", "--email", email("cli-none"), "--name", "No Password"], s.db.url);
        expect(none.code).not.toBe(0);
        expect(none.stderr).toMatch(/password/i);
      });

      it("token add prints only the token, and the token works", async () => {
        const s = server();
        const r = await cli(["token", "add", "--email", s.owner.email, "--label", "ci"], s.db.url);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/^tdm_\S+\n$/);
        const token = r.stdout.trim();
        const api = makeApi(s.apis[1]!.baseUrl, { ...s.owner, token });
        expect((await api.request("GET", "/api/me")).body).toMatchObject({ id: s.owner.id, email: s.owner.email });
        expect((await s.request("GET", "/api/tokens")).body.some((t: { label: string }) => t.label === "ci")).toBe(true);
        const unknown = await cli(["token", "add", "--email", "nobody@example.com"], s.db.url);
        expect(unknown.code).not.toBe(0);
        expect(unknown.stdout).toBe("");
      });
    });
  });

  // One server for two settings (server starts are the slow part of this file).
  describe(`accounts, TANDEM_SIGNUP=closed, TANDEM_PUBLIC_URL=https://tandem.example (${provider})`, () => {
    const server = useServer(provider, { TANDEM_SIGNUP: "closed", TANDEM_PUBLIC_URL: "https://tandem.example" });

    it("GET /api/signup says closed; a second sign-up → 403 and no account", async () => {
      const s = server();
      expect((await s.anonymous.request("GET", "/api/signup")).body).toEqual({ mode: "closed", firstAccount: false });
      expect((await s.request("GET", "/api/me")).body.isAdmin).toBe(true);
      const address = email("closed");
      const r = await post(s.baseUrl, "/sign-up/email", { name: "Late", email: address, password: "a fine password" });
      expect(r.status).toBe(403);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.headers.getSetCookie()).toEqual([]);
      expect((await signIn(s.baseUrl, { email: address, password: "a fine password" })).status).toBe(401);
    });

    it("the CLI can still add an account, who can then sign in", async () => {
      const s = server();
      const address = email("closed-cli");
      const r = await cli(["user", "add", "--email", address, "--name", "Operator Made", "--password", "operator password"], s.db.url);
      expect(r.code, r.stderr).toBe(0);
      const signedIn = await signIn(s.baseUrl, { email: address, password: "operator password" });
      expect(signedIn.status).toBe(200);
      const me = await meWithCookie(s.baseUrl, sessionSetCookie(signedIn).split(";")[0]!);
      expect(await me.json()).toMatchObject({ email: address, name: "Operator Made", isAdmin: false });
    });

    it("behind https (TANDEM_PUBLIC_URL) the session cookie is Secure and named __Secure-…", async () => {
      const s = server();
      expect(s.owner.cookie).toMatch(/^__Secure-tandem\.session_token=/);
      const r = await signIn(s.baseUrl, s.owner);
      expect(r.status).toBe(200);
      const cookie = sessionSetCookie(r);
      expect(cookie).toMatch(/^__Secure-tandem\.session_token=/);
      const attributes = cookie.split(";").map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax", "path=/"]));
      expect((await meWithCookie(s.baseUrl, cookie.split(";")[0]!)).status).toBe(200);
    });
  });

  // One pair of instances for two settings: sign-ups and sign-ins are limited separately.
  describe(`accounts, TANDEM_SIGNUP=invite, TANDEM_SIGNIN_ATTEMPTS_PER_MINUTE=3, two instances (${provider})`, () => {
    const server = useServer(provider, { TANDEM_SIGNUP: "invite", TANDEM_SIGNIN_ATTEMPTS_PER_MINUTE: "3" }, 2);

    async function invite(address: string) {
      const r = await server().request("POST", "/api/invitations", { body: { email: address } });
      expect(r.status, r.text).toBe(201);
      return r.body as { email: string; url: string; expiresAt: string };
    }

    it("POST /api/invitations (admin) → 201 with a sign-up url holding ?invite=", async () => {
      const s = server();
      const address = email("invitee");
      const created = await invite(address.toUpperCase());
      expect(created.email).toBe(address);
      expect(created.url.startsWith(`${s.baseUrl}/sign-up?invite=`)).toBe(true);
      expect(Date.parse(created.expiresAt)).toBeGreaterThan(Date.now());
      expect((await s.anonymous.request("GET", "/api/signup")).body).toEqual({ mode: "invite", firstAccount: false });
    });

    it("sign-up with Tandem-Invite works once, for that email only; without it, 403", async () => {
      const s = server();
      const address = email("invited");
      const token = new URL((await invite(address)).url).searchParams.get("invite")!;
      const password = "invited password";
      const noHeader = await post(s.baseUrl, "/sign-up/email", { name: "Invited", email: address, password });
      expect(noHeader.status).toBe(403);
      const otherEmail = await post(s.baseUrl, "/sign-up/email", { name: "Intruder", email: email("intruder"), password }, { "tandem-invite": token });
      expect(otherEmail.status).toBe(403);
      const wrongToken = await post(s.baseUrl, "/sign-up/email", { name: "Invited", email: address, password }, { "tandem-invite": `${token}x` });
      expect(wrongToken.status).toBe(403);

      const invited = await signUp(s.baseUrl, { name: "Invited", email: address, password, headers: { "tandem-invite": token } });
      const me = await makeApi(s.baseUrl, invited).request("GET", "/api/me");
      expect(me.body).toMatchObject({ email: address, isAdmin: false });

      const reused = await post(s.baseUrl, "/sign-up/email", { name: "Again", email: email("reuse"), password }, { "tandem-invite": token });
      expect(reused.status).toBe(403);
      const sameAgain = await post(s.baseUrl, "/sign-up/email", { name: "Again", email: address, password: "another password" }, { "tandem-invite": token });
      expect(sameAgain.status).toBe(403);

      // Only an admin invites.
      const refused = await makeApi(s.baseUrl, invited).request("POST", "/api/invitations", { body: { email: email("friend") } });
      expect(refused.status).toBe(403);
    });

    it("the 4th sign-in attempt in a minute → 429, counted across both instances, and recorded", async () => {
      const s = server();
      const wrong = { email: s.owner.email, password: "wrong password!" };
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await signIn(s.apis[i % 2]!.baseUrl, wrong)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Even the right password waits for the window to pass.
      expect((await signIn(s.apis[0]!.baseUrl, s.owner)).status).toBe(429);
      const trail = (await s.request("GET", "/api/activity")).body as { type: string; detail: Record<string, unknown> }[];
      expect(trail.some((e) => e.type === "sign-in-failed" && e.detail.status === 429 && e.detail.reason === "rate-limited")).toBe(true);
      // API requests with a token are not sign-ins: unaffected.
      expect((await s.apis[1]!.request("GET", "/api/me")).status).toBe(200);
    });
  });
}
