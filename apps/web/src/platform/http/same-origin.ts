// CSRF: a browser attaches the session cookie to a form or fetch that another site makes. An
// unsafe request that authenticates by cookie must therefore come from a page of this origin,
// which the browser says in Sec-Fetch-Site (modern browsers) or Origin (all browsers since
// 2020 on non-GET). Neither header → refused: a browser always sends one of them with a
// cross-site unsafe request, so only a non-browser client lacks both, and it uses a token.

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE.has(method);
}

/** Whether the request comes from this origin's own pages. `host` is the (allowed) Host header. */
export function isSameOriginRequest(headers: { secFetchSite: string | null; origin: string | null; host: string | null }): boolean {
  const site = headers.secFetchSite?.trim().toLowerCase();
  if (site) return site === "same-origin";
  const origin = headers.origin?.trim();
  if (!origin || origin === "null" || !headers.host) return false;
  try {
    return new URL(origin).host === headers.host.trim().toLowerCase();
  } catch {
    return false;
  }
}
