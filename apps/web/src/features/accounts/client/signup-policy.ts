"use client";
import { ROUTES, type SignupPolicy } from "@tandem/contract";
import { useQuery } from "@tanstack/react-query";
import { requestJson } from "./request-json.ts";

export const SIGNUP_POLICY_QUERY_KEY = ["signup-policy"] as const;

export function useSignupPolicy() {
  return useQuery({
    queryKey: SIGNUP_POLICY_QUERY_KEY,
    queryFn: ({ signal }) => requestJson<SignupPolicy>(ROUTES.signup.pattern, { signal }),
    staleTime: 30_000,
  });
}

export type SignUpOffer = "first-account" | "open" | "invited" | "invitation-required" | "closed";

/**
 * What the sign-up page may offer. The first account may always be created (it becomes the
 * admin); after that the server's mode decides, an invitation link opening invite mode.
 */
export function signUpOffer(policy: SignupPolicy, invite: string | null): SignUpOffer {
  if (policy.firstAccount) return "first-account";
  switch (policy.mode) {
    case "open":
      return "open";
    case "invite":
      return invite ? "invited" : "invitation-required";
    case "closed":
      return "closed";
  }
}

export function canSignUp(offer: SignUpOffer): boolean {
  return offer === "first-account" || offer === "open" || offer === "invited";
}
