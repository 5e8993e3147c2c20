import { AUTH_BASE_PATH, INVITE_HEADER } from "@tandem/contract";
import { requestJson } from "./request-json.ts";

// better-auth's email and password endpoints, called with fetch: its own client would add
// tens of kilobytes to every page for three POSTs.

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
}

export interface SignInInput {
  email: string;
  password: string;
}

/** Creates the account and signs it in (the answer sets the session cookie). */
export async function signUp(input: SignUpInput, invite: string | null): Promise<void> {
  await requestJson(`${AUTH_BASE_PATH}/sign-up/email`, {
    method: "POST",
    body: input,
    headers: invite ? { [INVITE_HEADER]: invite } : {},
  });
}

export async function signIn(input: SignInInput): Promise<void> {
  await requestJson(`${AUTH_BASE_PATH}/sign-in/email`, { method: "POST", body: input });
}

export async function signOut(): Promise<void> {
  // better-auth wants a JSON body on its POSTs, even an empty one.
  await requestJson(`${AUTH_BASE_PATH}/sign-out`, { method: "POST", body: {} });
}
