import { describe, expect, it } from "vitest";
import { AccountsApiError, parseRetryAfter } from "@/features/accounts/client/api-error.ts";
import { authFailure, retryIn, type AuthFailure } from "@/features/accounts/client/auth-error-message.ts";
import { canSignUp, signUpOffer } from "@/features/accounts/client/signup-policy.ts";

const err = (status: number, code: string | null = null, message = "m", retryAfter: number | null = null) => new AccountsApiError(status, code, message, retryAfter);

interface FailureRow {
  name: string;
  error: unknown;
  action: "sign-in" | "sign-up";
  invited?: boolean;
  expected: Partial<AuthFailure>;
}

const failureRows: FailureRow[] = [
  { name: "sign-in 401", error: err(401, "INVALID_EMAIL_OR_PASSWORD"), action: "sign-in", expected: { kind: "wrong-credentials", text: "Wrong email or password." } },
  { name: "sign-in 401 without a code", error: err(401), action: "sign-in", expected: { kind: "wrong-credentials", text: "Wrong email or password." } },
  {
    name: "sign-up 422, account exists",
    error: err(422, "USER_ALREADY_EXISTS"),
    action: "sign-up",
    expected: { kind: "account-exists", text: "An account with this email already exists. Sign in instead, or use another email." },
  },
  { name: "sign-up, another exists code", error: err(422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"), action: "sign-up", expected: { kind: "account-exists" } },
  {
    name: "429 with a wait",
    error: err(429, null, "Too many", 30),
    action: "sign-in",
    expected: { kind: "rate-limited", text: "Too many attempts. Try again in 30 seconds.", retryAfterSeconds: 30 },
  },
  { name: "429 with a long wait", error: err(429, "too-many-requests", "x", 125), action: "sign-up", expected: { kind: "rate-limited", text: "Too many attempts. Try again in 3 minutes." } },
  { name: "429 without a wait", error: err(429), action: "sign-in", expected: { kind: "rate-limited", text: "Too many attempts. Try again in a little while." } },
  { name: "sign-up 403 without an invitation", error: err(403, "forbidden"), action: "sign-up", expected: { kind: "closed" } },
  { name: "sign-up 403 with an invitation", error: err(403, "forbidden"), action: "sign-up", invited: true, expected: { kind: "invitation" } },
  { name: "sign-up 403 naming the invitation", error: err(403, "INVITATION_REQUIRED"), action: "sign-up", expected: { kind: "invitation" } },
  { name: "short password", error: err(400, "PASSWORD_TOO_SHORT"), action: "sign-up", expected: { kind: "invalid", text: "The password must be at least 8 characters long." } },
  { name: "bad email", error: err(400, "INVALID_EMAIL"), action: "sign-up", expected: { kind: "invalid", text: "That is not a valid email address." } },
  { name: "offline", error: err(0, null, "Failed to fetch"), action: "sign-in", expected: { kind: "network" } },
  { name: "500", error: err(500), action: "sign-in", expected: { kind: "other", text: "Tandem could not do that right now. Try again in a moment." } },
  { name: "anything else: the server's words", error: err(400, "VALIDATION_ERROR", "Name is required."), action: "sign-up", expected: { kind: "other", text: "Name is required." } },
  { name: "not an API error", error: new Error("boom"), action: "sign-in", expected: { kind: "other", text: "Something went wrong. Try again." } },
];

describe("authFailure: what the forms say", () => {
  it.each(failureRows)("$name", ({ error, action, invited, expected }) => {
    expect(authFailure(error, action, invited)).toMatchObject(expected);
  });

  it.each([
    [null, "in a little while"],
    [1, "in a second"],
    [2, "in 2 seconds"],
    [59, "in 59 seconds"],
    [60, "in 1 minute"],
    [61, "in 2 minutes"],
  ])("retryIn(%j) → %s", (seconds, text) => {
    expect(retryIn(seconds)).toBe(text);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-30T10:00:00Z");
  it.each([
    ["seconds", "42", 42],
    ["an HTTP date", "Mon, 30 Nov 2026 10:01:30 GMT", 90],
    ["a date in the past", "Mon, 30 Nov 2026 09:00:00 GMT", 0],
    ["missing", null, null],
    ["garbage", "soon", null],
  ])("%s", (_name, value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});

describe("signUpOffer: when the sign-up form shows", () => {
  it.each([
    [{ mode: "closed", firstAccount: true }, null, "first-account", true],
    [{ mode: "invite", firstAccount: true }, null, "first-account", true],
    [{ mode: "open", firstAccount: false }, null, "open", true],
    [{ mode: "invite", firstAccount: false }, "tok", "invited", true],
    [{ mode: "invite", firstAccount: false }, null, "invitation-required", false],
    [{ mode: "closed", firstAccount: false }, "tok", "closed", false],
  ] as const)("%j with invite %j → %s", (policy, invite, offer, allowed) => {
    expect(signUpOffer(policy, invite)).toBe(offer);
    expect(canSignUp(signUpOffer(policy, invite))).toBe(allowed);
  });
});
