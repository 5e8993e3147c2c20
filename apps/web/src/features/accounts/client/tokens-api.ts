import { ROUTES, tokenPath, type ApiTokenSummary, type CreatedApiToken } from "@tandem/contract";
import { requestJson } from "./request-json.ts";

export const TOKENS_QUERY_KEY = ["tokens"] as const;

export function listTokens(signal?: AbortSignal): Promise<ApiTokenSummary[]> {
  return requestJson<ApiTokenSummary[]>(ROUTES.tokens.pattern, { signal });
}

/** The answer is the only time the token itself is shown. */
export function createToken(label: string): Promise<CreatedApiToken> {
  return requestJson<CreatedApiToken>(ROUTES.tokens.pattern, { method: "POST", body: { label } });
}

export function revokeToken(id: string): Promise<void> {
  return requestJson<void>(tokenPath(id), { method: "DELETE" });
}
