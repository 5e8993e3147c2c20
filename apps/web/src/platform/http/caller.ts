import type { Role } from "@tandem/contract";

/** Who is asking, as the one API wrapper established it (platform/http/api-handler.ts). */
export interface Caller {
  userId: string;
  name: string;
  email: string;
  isAdmin: boolean;
  /** The caller's role on the document the route names (`:id`), or null: none, or no document. */
  role: Role | null;
  /** A browser session (cookie: subject to the same-origin rule) or a personal access token. */
  via: "session" | "token";
}

/** Establishes the caller of a request, or throws the 401. */
export type Authenticator = (request: { header(name: string): string | null }, documentId: string | null) => Promise<Caller>;
