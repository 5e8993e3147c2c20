// Pages need a signed-in user, except the ones that sign people in. Decided on the main thread
// before Next renders anything: a signed-out visit is redirected to the sign-in page (or, on a
// fresh install with no account yet, to sign-up), keeping where it was going in `next`.
import { RETURN_TO_PARAM, SIGN_IN_PAGE, SIGN_UP_PAGE } from "@tandem/contract";
import { database } from "../../../platform/database.ts";
import { accounts } from "./accounts.ts";
import { sessionCookieValue, verifiedSessionToken } from "./session-cookie.ts";

const ACCOUNT_PAGES = new Set([SIGN_IN_PAGE, SIGN_UP_PAGE]);

/** Next's assets and the icon: needed by the sign-in page itself, and they hold no data. */
export function isAssetPath(pathname: string): boolean {
  return pathname.startsWith("/_next/") || pathname === "/icon.svg" || pathname === "/favicon.ico" || pathname === "/robots.txt";
}

/** Where a page request must go instead (a path), or null to render it. Pure. */
export function pageRedirect(pathname: string, url: string, signedIn: boolean, anyAccount: boolean, returnTo: string | null): string | null {
  if (isAssetPath(pathname)) return null;
  if (ACCOUNT_PAGES.has(pathname)) return signedIn ? safeReturnPath(returnTo) : null;
  if (signedIn) return null;
  if (!anyAccount) return SIGN_UP_PAGE;
  return `${SIGN_IN_PAGE}?${RETURN_TO_PARAM}=${encodeURIComponent(url)}`;
}

/** Only a path on this site: never `//host` or a scheme, which would redirect elsewhere. */
export function safeReturnPath(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}

/** The redirect for a page request, or null. */
export async function pageGate(pathname: string, url: string, cookieHeader: string | undefined): Promise<string | null> {
  if (isAssetPath(pathname)) return null;
  const cookie = sessionCookieValue(cookieHeader ?? null);
  const token = cookie === null ? null : verifiedSessionToken(cookie, (await accounts()).secret);
  const signedIn = token !== null && (await database().principals.principalBySession(token, null)) !== null;
  const anyAccount = signedIn || (await database().accounts.countUsers()) > 0;
  const query = url.indexOf("?");
  const returnTo = query === -1 ? null : new URLSearchParams(url.slice(query)).get(RETURN_TO_PARAM);
  return pageRedirect(pathname, url, signedIn, anyAccount, returnTo);
}
