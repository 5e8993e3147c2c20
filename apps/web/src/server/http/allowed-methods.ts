// Which methods each API path supports. Shared by the route modules (405 / OPTIONS / Allow)
// and by the Node server, which answers methods Next cannot represent (TRACE, PROPFIND, …).

export const ALLOWED = {
  collection: ["GET", "HEAD", "POST", "OPTIONS"],
  document: ["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"],
  readOnly: ["GET", "HEAD", "OPTIONS"],
} as const;

export type AllowList = (typeof ALLOWED)[keyof typeof ALLOWED];

/** The methods Next's route handlers can receive at all. */
export const ROUTABLE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function allowedMethods(pathname: string): AllowList {
  if (/^\/api\/documents\/?$/.test(pathname)) return ALLOWED.collection;
  if (/^\/api\/documents\/[^/]+\/?$/.test(pathname)) return ALLOWED.document;
  return ALLOWED.readOnly;
}
