// Accounts on better-auth: sign-up, sign-in, sign-out, password hashing and browser sessions
// are the library's, over Tandem's own database (its tables are in prisma/models.prisma). What
// Tandem adds around it — who may sign up, the admin, the audit trail — lives beside it.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { AUTH_BASE_PATH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@tandem/contract";
import type { Database } from "@tandem/db";
import { logger } from "../../../platform/observability/logger.ts";
import { currentRequestId } from "../../../platform/observability/request-context.ts";
import { CLIENT_ADDRESS_HEADER, COOKIE_PREFIX } from "./session-cookie.ts";

export interface AuthOptions {
  secret: string;
  /** TANDEM_PUBLIC_URL: fixes the origin (and `Secure` cookies behind https). */
  publicUrl: string | undefined;
  /** Origins that may post to the sign-in endpoints besides the request's own. */
  trustedOrigins: (request?: Request) => string[] | Promise<string[]>;
  signInAttemptsPerMinute: number;
  sessionTtlHours: number;
  /** After an account is created (the first one becomes the admin). */
  onUserCreated(user: { id: string; email: string }): Promise<void>;
}

export function createAuth(db: Database, options: AuthOptions) {
  const attempts = { window: 60, max: options.signInAttemptsPerMinute };
  return betterAuth({
    appName: "Tandem",
    basePath: AUTH_BASE_PATH,
    ...(options.publicUrl ? { baseURL: options.publicUrl } : {}),
    secret: options.secret,
    trustedOrigins: options.trustedOrigins,
    database: prismaAdapter(db.prisma, { provider: db.provider }),
    telemetry: { enabled: false },
    // Into Tandem's log. The origin comes from the request on purpose (every allowed host is
    // checked before this runs), so the library's warning about a missing base URL is noise.
    logger: {
      level: "error",
      log: (level, message, ...args) => logger()[level]({ reqId: currentRequestId(), args }, `better-auth: ${message}`),
    },
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
    },
    user: {
      additionalFields: {
        // Never settable through sign-up: only the first account gets it (onUserCreated).
        isAdmin: { type: "boolean", input: false, defaultValue: false, required: false },
      },
    },
    session: {
      expiresIn: options.sessionTtlHours * 3600,
      updateAge: Math.min(24, options.sessionTtlHours) * 3600,
    },
    // In the database, so the limit holds across instances and restarts.
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 600,
      customRules: { "/sign-in/email": attempts, "/sign-up/email": attempts },
    },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      // Secure (and `__Secure-`) exactly when people reach Tandem over https. Left to the
      // library, a production build without a base URL sets Secure cookies on plain http too,
      // which a browser on an http origin other than the loopback drops: nobody could sign in.
      useSecureCookies: options.publicUrl?.startsWith("https://") ?? false,
      // Set by Tandem's server from the connection (any client value is replaced): the limit
      // counts per client address.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => ({ data: { ...user, name: String(user.name ?? "").trim().slice(0, NAME_MAX_LENGTH) } }),
          after: async (user) => options.onUserCreated(user),
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
