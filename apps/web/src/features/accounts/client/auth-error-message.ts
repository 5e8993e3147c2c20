import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@tandem/contract";
import { AccountsApiError } from "./api-error.ts";

// Every sentence the sign-in and sign-up forms show when the server says no. `kind` lets the
// form add the way out (a link to sign in when the account exists, a disabled button while
// rate limited).

export type AuthFailureKind = "wrong-credentials" | "account-exists" | "rate-limited" | "invitation" | "closed" | "invalid" | "network" | "other";

export interface AuthFailure {
  kind: AuthFailureKind;
  text: string;
  /** Rate limited: try again after this many seconds. */
  retryAfterSeconds?: number;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** "in 30 seconds", "in 2 minutes", "in a little while" (the server did not say). */
export function retryIn(seconds: number | null): string {
  if (seconds === null) return "in a little while";
  if (seconds <= 1) return "in a second";
  if (seconds < 60) return `in ${plural(seconds, "second")}`;
  return `in ${plural(Math.ceil(seconds / 60), "minute")}`;
}

const CODE_TEXT: Record<string, AuthFailure> = {
  PASSWORD_TOO_SHORT: { kind: "invalid", text: `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.` },
  PASSWORD_TOO_LONG: { kind: "invalid", text: `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.` },
  INVALID_EMAIL: { kind: "invalid", text: "That is not a valid email address." },
};

export function authFailure(error: unknown, action: "sign-in" | "sign-up", invited = false): AuthFailure {
  if (!(error instanceof AccountsApiError)) return { kind: "other", text: "Something went wrong. Try again." };
  const { status, code } = error;
  if (status === 0) return { kind: "network", text: "Could not reach Tandem. Check your connection and try again." };
  if (status === 429) {
    const seconds = error.retryAfterSeconds;
    return { kind: "rate-limited", text: `Too many attempts. Try again ${retryIn(seconds)}.`, ...(seconds === null ? {} : { retryAfterSeconds: seconds }) };
  }
  if (code && CODE_TEXT[code]) return CODE_TEXT[code];
  if (action === "sign-in" && (status === 401 || code === "INVALID_EMAIL_OR_PASSWORD")) {
    return { kind: "wrong-credentials", text: "Wrong email or password." };
  }
  if (action === "sign-up" && code?.startsWith("USER_ALREADY_EXISTS")) {
    return { kind: "account-exists", text: "An account with this email already exists. Sign in instead, or use another email." };
  }
  if (action === "sign-up" && status === 403) {
    return invited || /invit/i.test(code ?? "")
      ? { kind: "invitation", text: "This invitation does not fit: use the email address it was made for. If you did, it has expired or been used; ask for a new one." }
      : { kind: "closed", text: "Sign-up is closed on this server. Ask an administrator for an account." };
  }
  if (status >= 500) return { kind: "other", text: "Tandem could not do that right now. Try again in a moment." };
  return { kind: "other", text: `${error.message.replace(/\.$/, "")}.` };
}
