// Accounts, roles, tokens and the audit trail as both ends see them.

export const ROLES = ["owner", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];
/** The roles a share can grant: ownership stays with the creator. */
export const SHARE_ROLES = ["editor", "viewer"] as const;
export type ShareRole = (typeof SHARE_ROLES)[number];

/** `GET /api/me` */
export interface Me {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

/** `GET /api/documents/:id/members` */
export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

/** `GET /api/tokens` (the token itself is never listed). */
export interface ApiTokenSummary {
  id: string;
  label: string;
  /** The token's first characters, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** `POST /api/tokens` → 201: the only time the token is shown. */
export interface CreatedApiToken extends ApiTokenSummary {
  token: string;
}

/** Personal access tokens start with this, so a leaked one is recognisable (secret scanners). */
export const API_TOKEN_PREFIX = "tdm_";
export const TOKEN_LABEL_MAX_LENGTH = 100;
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const SIGNUP_MODES = ["open", "invite", "closed"] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

/** `GET /api/signup`: what the sign-up page may offer. */
export interface SignupPolicy {
  mode: SignupMode;
  /** No account exists yet: the next one becomes the admin (and may always sign up). */
  firstAccount: boolean;
}

/** `POST /api/invitations` → 201 (admins, TANDEM_SIGNUP=invite). */
export interface CreatedInvitation {
  email: string;
  /** The sign-up page with the invitation in it: `/sign-up?invite=…`. */
  url: string;
  expiresAt: string;
}
/** The query parameter of the sign-up page and the header the page sends it in. */
export const INVITE_PARAM = "invite";
export const INVITE_HEADER = "Tandem-Invite";

export const AUDIT_EVENT_TYPES = [
  "sign-in",
  "sign-in-failed",
  "token-created",
  "token-revoked",
  "member-added",
  "member-changed",
  "member-removed",
  "document-deleted",
  "document-recreated",
  "document-purged",
  "conflict",
  "conflict-resolved",
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** One entry of `GET /api/documents/:id/activity` and `GET /api/activity`. */
export interface AuditEntry {
  id: number;
  at: string;
  type: AuditEventType;
  actor: { id: string; name: string } | null;
  documentId: string | null;
  detail: Record<string, unknown>;
}

/** How many audit entries one page holds; `?before=<id>` pages back. */
export const ACTIVITY_PAGE_SIZE = 100;

/**
 * Sent back by a save that resolves a 412: the `Tandem-Conflict` id that 412 carried, and
 * how it was resolved. The server records the time to resolution.
 */
export const CONFLICT_ID_HEADER = "Tandem-Conflict";
export const RESOLUTION_HEADER = "Tandem-Resolution";
export const RESOLUTIONS = ["automatic", "dialog"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** better-auth's endpoints live under this prefix (sign-up/email, sign-in/email, sign-out). */
export const AUTH_BASE_PATH = "/api/auth";
export const SIGN_IN_PAGE = "/sign-in";
export const SIGN_UP_PAGE = "/sign-up";
/** Where the sign-in page returns to. Only same-site paths are followed. */
export const RETURN_TO_PARAM = "next";
