import { RETURN_TO_PARAM, SIGN_IN_PAGE, SIGN_UP_PAGE } from "@tandem/contract";

// Where the sign-in and sign-up pages go afterwards. `next` comes from the address bar, so
// anyone can craft it: only a path of this site is followed, never another origin
// ("//evil.example", "/\evil.example", "https://…") — an open redirect would let a phishing
// link borrow Tandem's sign-in page.

const ORIGIN = "http://tandem.invalid";
const HOME = "/";

export function safeReturnTo(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return HOME;
  // Browsers drop tabs and newlines from URLs and read "\" as "/": "/\t/evil" is "//evil".
  if ([...next].some((c) => c < " " || c === "\u007f" || c === "\\")) return HOME;
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return HOME;
  }
  if (url.origin !== ORIGIN) return HOME;
  // Back to the sign-in page after signing in would only ask again.
  if (url.pathname === SIGN_IN_PAGE || url.pathname === SIGN_UP_PAGE) return HOME;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, coming back to `next` afterwards. */
export function signInPath(next?: string): string {
  return next && next !== HOME ? `${SIGN_IN_PAGE}?${RETURN_TO_PARAM}=${encodeURIComponent(next)}` : SIGN_IN_PAGE;
}

export function signUpPath(next?: string): string {
  return next && next !== HOME ? `${SIGN_UP_PAGE}?${RETURN_TO_PARAM}=${encodeURIComponent(next)}` : SIGN_UP_PAGE;
}
