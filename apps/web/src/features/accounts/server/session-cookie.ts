// The session cookie better-auth sets: `<prefix>.session_token` (`__Secure-` in front behind
// https), holding `<session token>.<base64 HMAC-SHA256 of it under the secret>`. Verified here
// on the request path with the same construction, so an API request costs one indexed lookup,
// not a round through the library's session endpoint.
import { createHmac, timingSafeEqual } from "node:crypto";

export const COOKIE_PREFIX = "tandem";
const NAMES = [`${COOKIE_PREFIX}.session_token`, `__Secure-${COOKIE_PREFIX}.session_token`];

/**
 * The client's address as Tandem's server saw it, for better-auth's rate limit; whatever a
 * client sends under this name is replaced.
 */
export const CLIENT_ADDRESS_HEADER = "x-tandem-client-address";

/** Bounds the work a hostile Cookie header can cause. */
const MAX_COOKIE_HEADER = 8 * 1024;

/** The raw value of the session cookie, or null. */
export function sessionCookieValue(cookieHeader: string | null): string | null {
  if (!cookieHeader || cookieHeader.length > MAX_COOKIE_HEADER) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (NAMES.includes(name)) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The session token a cookie value carries, if its signature is the secret's; else null. */
export function verifiedSessionToken(cookieValue: string, secret: string): string | null {
  let value: string;
  try {
    value = decodeURIComponent(cookieValue);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1), "base64");
  const expected = createHmac("sha256", secret).update(token).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? token : null;
}

/** What the library would set: for tests and tools that hold a session token. */
export function signedSessionCookie(token: string, secret: string, secure = false): string {
  const signature = createHmac("sha256", secret).update(token).digest("base64");
  return `${NAMES[secure ? 1 : 0]}=${encodeURIComponent(`${token}.${signature}`)}`;
}
