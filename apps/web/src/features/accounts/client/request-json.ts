import { JSON_MEDIA_TYPE } from "@tandem/contract";
import { AccountsApiError, errorFromResponse } from "./api-error.ts";

// Plain same-origin fetch: the session cookie goes along by itself, and the browser sends the
// Origin header the server checks on unsafe methods. No auth client library in the bundle.

export interface JsonRequest {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The answer's JSON (undefined for 204), or an AccountsApiError. */
export async function requestJson<T>(path: string, { method = "GET", body, headers = {}, signal }: JsonRequest = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { Accept: JSON_MEDIA_TYPE, ...(body === undefined ? {} : { "Content-Type": JSON_MEDIA_TYPE }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new AccountsApiError(0, null, error instanceof Error ? error.message : String(error));
  }
  if (!res.ok) throw await errorFromResponse(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
