// The process's accounts runtime: the better-auth instance and the secret it signs with, made
// once the database is reachable (the secret may live there).
import { randomBytes } from "node:crypto";
import { database } from "../../../platform/database.ts";
import { env } from "../../../platform/env.ts";
import { createAuth, type Auth } from "./auth.ts";
import { settleFirstAccount } from "./settle-first-account.ts";

export interface AccountsRuntime {
  auth: Auth;
  secret: string;
}

let runtime: Promise<AccountsRuntime> | undefined;
let ready: AccountsRuntime | undefined;

async function start(): Promise<AccountsRuntime> {
  const config = env();
  const db = database();
  const secret = config.TANDEM_AUTH_SECRET ?? (await db.accounts.sharedSecret(randomBytes(32).toString("base64url")));
  const auth = createAuth(db, {
    secret,
    publicUrl: config.TANDEM_PUBLIC_URL,
    // Tandem's own same-origin check runs first (platform/http/same-origin.ts); the library's
    // sees the request's own origin, whichever allowed host it came by.
    trustedOrigins: (request) => {
      const host = request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    signInAttemptsPerMinute: config.TANDEM_SIGNIN_ATTEMPTS_PER_MINUTE,
    sessionTtlHours: config.TANDEM_SESSION_TTL_HOURS,
    onUserCreated: (user) => settleFirstAccount(user),
  });
  ready = { auth, secret };
  return ready;
}

/** The accounts runtime; started on first use (the server starts it before listening). */
export function accounts(): Promise<AccountsRuntime> {
  runtime ??= start().catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

/** The runtime when it has started, for the request path (no await on every request). */
export function accountsIfReady(): AccountsRuntime | undefined {
  return ready;
}
