// `/api/auth/*` in the OpenAPI document: the endpoints of the authentication library
// (better-auth) that Tandem's server answers — AUTH_ENDPOINTS, each with the methods the library
// serves it with under Tandem's configuration — described by zod schemas of what they take and
// answer behind Tandem's own rules (auth-endpoint.ts: same origin for unsafe methods, the sign-up
// policy, names, problem+json).
import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { AUTH_BASE_PATH, INVITE_HEADER, JSON_MEDIA_TYPE, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type AUTH_ENDPOINTS, type ErrorCode } from "@tandem/contract";
import { z } from "zod";
import { COOKIE_PREFIX } from "../../accounts/server/session-cookie.ts";

export type AuthEndpoint = (typeof AUTH_ENDPOINTS)[number];

export interface AuthOperation {
  endpoint: AuthEndpoint;
  method: "GET" | "POST";
  summary: string;
  description?: string;
  /** `session`: the browser's session cookie (a token is not looked at here). */
  security: "public" | "session";
  query?: z.ZodObject;
  headers?: z.ZodObject;
  /** `required: false`: the body may be left out (or be `{}`). */
  body?: { schema: z.ZodType; example: unknown; required?: boolean };
  response: { description: string; schema: z.ZodType; example: unknown; setsCookie?: boolean };
  problems: ErrorCode[];
}

const isoTime = z.iso.datetime({ offset: true });

export const authUser = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    image: z.string().nullable().optional(),
    emailVerified: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
    isAdmin: z.boolean().meta({ description: "Tandem's: the first account is the administrator." }),
  })
  .meta({ id: "AuthUser", description: "The account, as the authentication library answers it." });

export const authSession = z
  .object({
    id: z.string(),
    token: z.string().meta({ description: "The session's token (what the cookie holds, signed): names the session to revoke." }),
    userId: z.string(),
    expiresAt: isoTime,
    createdAt: isoTime,
    updatedAt: isoTime,
    ipAddress: z.string().nullable().optional(),
    userAgent: z.string().nullable().optional(),
  })
  .meta({ id: "AuthSession" });

const status = z.object({ status: z.boolean() }).meta({ id: "AuthStatus" });
const name = z.string().min(1).max(NAME_MAX_LENGTH).meta({ description: "Shown as the author of your edits: one line, no control characters." });
const password = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
const rememberMe = z.boolean().optional().meta({ description: "false: the session ends with the browser session." });
const callbackURL = z.string().optional().meta({ description: "Where a browser is sent afterwards (Location); not used by Tandem's pages." });

const AT = "2026-11-30T15:04:05.000Z";
const USER = { id: "u_ada", email: "ada@example.com", name: "Ada Lovelace", image: null, emailVerified: false, createdAt: AT, updatedAt: AT, isAdmin: false };
const SESSION = { id: "s_1", token: "Xy7kQ2…", userId: "u_ada", expiresAt: "2026-12-30T15:04:05.000Z", createdAt: AT, updatedAt: AT, ipAddress: "127.0.0.1", userAgent: "Mozilla/5.0" };

/** Every unsafe method must come from Tandem's own pages (Origin / Sec-Fetch-Site): else 403. */
const POSTED: ErrorCode[] = ["forbidden", "bad-request", "payload-too-large"];
const SIGNED_IN: ErrorCode[] = ["unauthorized", ...POSTED];
const RATE_LIMITED = "Attempts are limited per client address (TANDEM_SIGNIN_ATTEMPTS_PER_MINUTE): 429 with Retry-After beyond that.";

export const AUTH_OPERATIONS: AuthOperation[] = [
  {
    endpoint: "/sign-up/email", method: "POST", security: "public",
    summary: "Create an account (and sign in)",
    description: `TANDEM_SIGNUP decides who may: \`open\`, \`invite\` (send the invitation in ${INVITE_HEADER}; it is for one email address) or \`closed\` (403). The first account may always be created and becomes the administrator. An email that has an account already is a 422. ${RATE_LIMITED}`,
    headers: z.object({ [INVITE_HEADER]: z.string().max(200).optional().meta({ description: "The invitation token of the sign-up link (TANDEM_SIGNUP=invite).", example: "inv_4fZ2kQ9x…" }) }),
    body: {
      schema: z.object({ name, email: z.email(), password, image: z.string().optional(), callbackURL, rememberMe }),
      example: { name: "Ada Lovelace", email: "ada@example.com", password: "correct horse battery staple" },
    },
    response: { description: "The account, signed in: the session cookie is set.", schema: z.object({ token: z.string().nullable(), user: authUser }), example: { token: "Xy7kQ2…", user: USER }, setsCookie: true },
    problems: [...POSTED, "validation-failed", "too-many-requests"],
  },
  {
    endpoint: "/sign-in/email", method: "POST", security: "public",
    summary: "Sign in with email and password",
    description: `A wrong email or password is a 401, the same for both. ${RATE_LIMITED} Every attempt goes to the audit trail.`,
    body: { schema: z.object({ email: z.string(), password: z.string(), callbackURL, rememberMe }), example: { email: "ada@example.com", password: "correct horse battery staple" } },
    response: {
      description: "Signed in: the session cookie is set.",
      schema: z.object({ redirect: z.boolean(), token: z.string(), url: z.string().optional(), user: authUser }),
      example: { redirect: false, token: "Xy7kQ2…", user: USER },
      setsCookie: true,
    },
    problems: [...POSTED, "unauthorized", "too-many-requests"],
  },
  {
    endpoint: "/sign-out", method: "POST", security: "session",
    summary: "Sign out: end this session",
    body: { schema: z.object({}), example: {}, required: false },
    response: { description: "Signed out: the session cookie is cleared.", schema: z.object({ success: z.boolean() }), example: { success: true }, setsCookie: true },
    problems: POSTED,
  },
  {
    endpoint: "/get-session", method: "GET", security: "session",
    summary: "The current session and its account",
    query: z.object({
      disableCookieCache: z.enum(["true", "false"]).optional().meta({ description: "Read the session from the database, not from a cached cookie." }),
      disableRefresh: z.enum(["true", "false"]).optional().meta({ description: "Do not extend the session's lifetime with this request." }),
    }),
    response: { description: "The session of the cookie sent, and its account; `null` without a valid session.", schema: z.object({ session: authSession, user: authUser }).nullable(), example: { session: SESSION, user: USER } },
    problems: [],
  },
  {
    endpoint: "/update-user", method: "POST", security: "session",
    summary: "Change your name (or image)",
    description: "Only `name` and `image`: the email and `isAdmin` are not changed here. A name that is not one line of printable text is a 422.",
    body: { schema: z.object({ name: name.optional(), image: z.string().nullable().optional() }), example: { name: "Ada King" } },
    response: { description: "Changed.", schema: status, example: { status: true } },
    problems: [...SIGNED_IN, "validation-failed"],
  },
  {
    endpoint: "/change-password", method: "POST", security: "session",
    summary: "Change your password",
    description: "The current password is required (a wrong one is a 400). With `revokeOtherSessions`, every other session ends and this one gets a new token (and cookie).",
    body: {
      schema: z.object({ currentPassword: z.string(), newPassword: password, revokeOtherSessions: z.boolean().optional() }),
      example: { currentPassword: "correct horse battery staple", newPassword: "a longer passphrase now", revokeOtherSessions: true },
    },
    response: {
      description: "Changed. `token`: the new session's, when other sessions were revoked (else null).",
      schema: z.object({ token: z.string().nullable(), user: authUser }),
      example: { token: "Pq9wE3…", user: USER },
      setsCookie: true,
    },
    problems: SIGNED_IN,
  },
  {
    endpoint: "/list-sessions", method: "GET", security: "session",
    summary: "Your active sessions",
    response: { description: "Every session of your account that has not expired.", schema: z.array(authSession), example: [SESSION] },
    problems: ["unauthorized"],
  },
  {
    endpoint: "/revoke-session", method: "POST", security: "session",
    summary: "End one of your sessions",
    body: { schema: z.object({ token: z.string().meta({ description: "The session's `token` (from list-sessions)." }) }), example: { token: "Xy7kQ2…" } },
    response: { description: "Ended (or it was not yours, or gone already).", schema: status, example: { status: true } },
    problems: SIGNED_IN,
  },
  {
    endpoint: "/revoke-sessions", method: "POST", security: "session",
    summary: "End all your sessions, this one included",
    body: { schema: z.object({}), example: {}, required: false },
    response: { description: "Ended.", schema: status, example: { status: true } },
    problems: SIGNED_IN,
  },
  {
    endpoint: "/revoke-other-sessions", method: "POST", security: "session",
    summary: "End all your other sessions",
    body: { schema: z.object({}), example: {}, required: false },
    response: { description: "Ended; this one stays.", schema: status, example: { status: true } },
    problems: SIGNED_IN,
  },
];

/**
 * Methods the library declares for one of AUTH_ENDPOINTS but refuses under Tandem's
 * configuration (405), so the document leaves them out; api-reference.integration.test.ts asks
 * the real server that they are refused.
 */
export const REFUSED_AUTH_METHODS: readonly { method: "GET" | "POST"; endpoint: AuthEndpoint; why: string }[] = [
  { method: "POST", endpoint: "/get-session", why: "better-auth takes POST here only with session.deferSessionRefresh, which Tandem does not set" },
];

/** `/sign-up/email` → `postAuthSignUpEmail` */
const operationId = ({ method, endpoint }: Pick<AuthOperation, "method" | "endpoint">) =>
  `${method.toLowerCase()}Auth${endpoint.replace(/[/-]([a-z])/g, (_, c: string) => c.toUpperCase())}`;

const SET_COOKIE = { "Set-Cookie": { description: `The session cookie (\`${COOKIE_PREFIX}.session_token\`, HttpOnly, SameSite=Lax).`, schema: { type: "string" as const } } };

/** Adds the operations to the document; `problems` is how the document lists an operation's problem types. */
export function registerAuthOperations(registry: OpenAPIRegistry, problems: (codes: readonly ErrorCode[]) => Record<number, ResponseConfig>): void {
  for (const operation of AUTH_OPERATIONS) {
    const request: RouteConfig["request"] = { query: operation.query, headers: operation.headers };
    if (operation.body) request.body = { required: operation.body.required ?? true, content: { [JSON_MEDIA_TYPE]: { schema: operation.body.schema, example: operation.body.example } } };
    const { response } = operation;
    registry.registerPath({
      method: operation.method.toLowerCase() as RouteConfig["method"],
      path: `${AUTH_BASE_PATH}${operation.endpoint}`,
      operationId: operationId(operation),
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: ["Account"],
      security: operation.security === "public" ? [] : [{ sessionCookie: [] }],
      request,
      responses: {
        200: { description: response.description, headers: response.setsCookie ? SET_COOKIE : {}, content: { [JSON_MEDIA_TYPE]: { schema: response.schema, example: response.example } } },
        ...problems(operation.problems),
      },
    });
  }
}
