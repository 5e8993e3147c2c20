// The API's route table: path patterns, their methods, and a matcher. The server dispatches
// with it, the metrics label with it, the client builds paths with it.

export const ROUTES = {
  documents: { pattern: "/api/documents", methods: ["GET", "HEAD", "POST", "OPTIONS"] },
  document: { pattern: "/api/documents/:id", methods: ["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"] },
  revisions: { pattern: "/api/documents/:id/revisions", methods: ["GET", "HEAD", "OPTIONS"] },
  revision: { pattern: "/api/documents/:id/revisions/:version", methods: ["GET", "HEAD", "OPTIONS"] },
  documentMembers: { pattern: "/api/documents/:id/members", methods: ["GET", "HEAD", "OPTIONS"] },
  documentMember: { pattern: "/api/documents/:id/members/:email", methods: ["PUT", "DELETE", "OPTIONS"] },
  documentActivity: { pattern: "/api/documents/:id/activity", methods: ["GET", "HEAD", "OPTIONS"] },
  documentPurge: { pattern: "/api/documents/:id/purge", methods: ["POST", "OPTIONS"] },
  documentEvents: { pattern: "/api/documents/:id/events", methods: ["GET", "OPTIONS"] },
  documentPresence: { pattern: "/api/documents/:id/presence", methods: ["PUT", "OPTIONS"] },
  events: { pattern: "/api/events", methods: ["GET", "OPTIONS"] },
  me: { pattern: "/api/me", methods: ["GET", "HEAD", "OPTIONS"] },
  tokens: { pattern: "/api/tokens", methods: ["GET", "HEAD", "POST", "OPTIONS"] },
  token: { pattern: "/api/tokens/:tokenId", methods: ["DELETE", "OPTIONS"] },
  activity: { pattern: "/api/activity", methods: ["GET", "HEAD", "OPTIONS"] },
  signup: { pattern: "/api/signup", methods: ["GET", "HEAD", "OPTIONS"] },
  invitations: { pattern: "/api/invitations", methods: ["POST", "OPTIONS"] },
  health: { pattern: "/api/health", methods: ["GET", "HEAD", "OPTIONS"] },
  metrics: { pattern: "/api/metrics", methods: ["GET", "HEAD", "OPTIONS"] },
  openapi: { pattern: "/api/openapi.json", methods: ["GET", "HEAD", "OPTIONS"] },
  apiDocs: { pattern: "/api/docs", methods: ["GET", "HEAD", "OPTIONS"] },
  apiDocsAsset: { pattern: "/api/docs/:asset", methods: ["GET", "HEAD", "OPTIONS"] },
  // Streamable HTTP, stateless: every request is a whole exchange, so there is no GET stream to
  // resume and no session to DELETE (both 405).
  mcp: { pattern: "/api/mcp", methods: ["POST", "OPTIONS"] },
} as const;

export type RouteName = keyof typeof ROUTES;

/** Routes anyone may call: every other route needs credentials (401 without). */
export const PUBLIC_ROUTES: ReadonlySet<RouteName> = new Set<RouteName>(["health", "metrics", "signup", "openapi", "apiDocs", "apiDocsAsset"]);

/**
 * Routes that take a personal access token only: a session cookie is not looked at (401), so
 * no page of another site can make a signed-in browser call them.
 */
export const TOKEN_ONLY_ROUTES: ReadonlySet<RouteName> = new Set<RouteName>(["mcp"]);

/** better-auth's endpoints (under AUTH_BASE_PATH) that Tandem exposes; the rest are 404. */
export const AUTH_ENDPOINTS = [
  "/sign-up/email",
  "/sign-in/email",
  "/sign-out",
  "/get-session",
  "/update-user",
  "/change-password",
  "/list-sessions",
  "/revoke-session",
  "/revoke-sessions",
  "/revoke-other-sessions",
] as const;
export type RoutePattern = (typeof ROUTES)[RouteName]["pattern"];
export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** The methods any route can take; anything else (TRACE, PROPFIND, made-up ones) is a 405. */
export const HTTP_METHODS: ReadonlySet<string> = new Set<Method>(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Allowed on a path no route matches: an unknown API path answers 404 to these, 405 to others. */
export const FALLBACK_METHODS = ROUTES.health.methods;

export interface RouteMatch {
  name: RouteName;
  pattern: RoutePattern;
  methods: readonly Method[];
  /** Raw (still percent-encoded) path segments by parameter name. */
  params: Record<string, string>;
}

const COMPILED = (Object.keys(ROUTES) as RouteName[]).map((name) => {
  const segments = ROUTES[name].pattern.split("/").slice(1);
  return { name, segments };
});

/**
 * The route of a path, or null. A trailing slash is tolerated; parameters match one
 * non-empty segment. Linear in the path's length.
 */
export function matchRoute(pathname: string): RouteMatch | null {
  const trimmed = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  const parts = trimmed.split("/").slice(1);
  outer: for (const { name, segments } of COMPILED) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const want = segments[i]!;
      const got = parts[i]!;
      if (want.startsWith(":")) {
        if (got === "") continue outer;
        params[want.slice(1)] = got;
      } else if (want !== got) continue outer;
    }
    return { name, pattern: ROUTES[name].pattern, methods: ROUTES[name].methods, params };
  }
  return null;
}

export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

export const documentsPath = (): string => ROUTES.documents.pattern;
export const documentPath = (id: string): string => `/api/documents/${encodeURIComponent(id)}`;
export const revisionsPath = (id: string): string => `${documentPath(id)}/revisions`;
export const revisionPath = (id: string, version: number): string => `${revisionsPath(id)}/${version}`;
export const membersPath = (id: string): string => `${documentPath(id)}/members`;
export const memberPath = (id: string, email: string): string => `${membersPath(id)}/${encodeURIComponent(email)}`;
export const activityPath = (id: string): string => `${documentPath(id)}/activity`;
export const purgePath = (id: string): string => `${documentPath(id)}/purge`;
export const tokenPath = (tokenId: string): string => `/api/tokens/${encodeURIComponent(tokenId)}`;
export const documentEventsPath = (id: string): string => `${documentPath(id)}/events`;
export const presencePath = (id: string): string => `${documentPath(id)}/presence`;
export const eventsPath = (): string => ROUTES.events.pattern;
