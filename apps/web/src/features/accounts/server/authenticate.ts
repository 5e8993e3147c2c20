// Credentials → the caller, with their role on the document the request names, in one indexed
// lookup: `Authorization: Bearer <personal access token>` or the session cookie.
import { API_TOKEN_PREFIX, ROLES, type Role } from "@tandem/contract";
import type { PrincipalRow } from "@tandem/db";
import { database } from "../../../platform/database.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Authenticator, Caller } from "../../../platform/http/caller.ts";
import { accounts } from "./accounts.ts";
import { hashApiToken } from "./api-tokens.ts";
import { sessionCookieValue, verifiedSessionToken } from "./session-cookie.ts";
import { noteTokenUse } from "./token-use.ts";

const REALM = 'Bearer realm="tandem"';
const MAX_TOKEN_LENGTH = 200;

function unauthorized(detail: string, invalidToken = false): AppError {
  return new AppError("unauthorized", detail, {}, { "WWW-Authenticate": invalidToken ? `${REALM}, error="invalid_token"` : REALM });
}

function callerOf(row: PrincipalRow, via: Caller["via"]): Caller {
  const role = (ROLES as readonly string[]).includes(row.role ?? "") ? (row.role as Role) : null;
  return { userId: row.userId, name: row.name, email: row.email, isAdmin: row.isAdmin, role, via };
}

export const authenticate: Authenticator = async (request, documentId) => {
  const principals = database().principals;
  const authorization = request.header("authorization");
  if (authorization !== null) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization.length <= MAX_TOKEN_LENGTH ? authorization : "");
    if (!match || !match[1]!.startsWith(API_TOKEN_PREFIX)) throw unauthorized("The Authorization header must be `Bearer <personal access token>`.", true);
    const row = await principals.principalByToken(hashApiToken(match[1]!), documentId);
    if (!row) throw unauthorized("This token is not valid: it may have been revoked.", true);
    noteTokenUse(row.tokenId!);
    return callerOf(row, "token");
  }
  const cookie = sessionCookieValue(request.header("cookie"));
  if (cookie !== null) {
    const token = verifiedSessionToken(cookie, (await accounts()).secret);
    const row = token === null ? null : await principals.principalBySession(token, documentId);
    if (row) return callerOf(row, "session");
    throw unauthorized("Your session has ended: sign in again.");
  }
  throw unauthorized("Sign in, or send a personal access token: Authorization: Bearer <token>.");
};
