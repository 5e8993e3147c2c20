import { randomBytes } from "node:crypto";

/**
 * For answers that are data, not documents (JSON, problems): nothing may load, run or frame
 * them, so a response rendered as a page by mistake is inert.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

// Base64 as Next's nonce parser accepts it: a nonce that is not one of these characters would
// let a caller write arbitrary directives into the header.
const NONCE = /^[A-Za-z0-9+/]+={0,2}$/;

/** 128 random bits, base64: fresh for every page response, so an injected script cannot guess it. */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

export interface PagePolicyOptions {
  nonce: string;
  /** `next dev` only: React's development build evaluates strings for its debugging aids. */
  development?: boolean;
}

/**
 * The policy for a page. Scripts run only if they carry the nonce (Next puts it on its own
 * `<script>` tags when it finds it in the request's policy) or were added by one that does
 * ('strict-dynamic': the chunks Turbopack's runtime loads later). Browsers that know nonces
 * but not 'strict-dynamic' fall back to 'self' for those chunks; the others ignore it. Styles
 * keep 'unsafe-inline': React and Next write style attributes, and a style cannot run code.
 */
export function pageContentSecurityPolicy({ nonce, development = false }: PagePolicyOptions): string {
  if (!NONCE.test(nonce)) throw new Error("a CSP nonce must be base64");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // Next takes the nonce from the first directive whose name starts with "script-src": a
    // script-src-elem must not come before this one.
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    // The history diff's Web Worker, a script of the app's own origin.
    ["worker-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((parts) => parts.join(" ")).join("; ");
}
