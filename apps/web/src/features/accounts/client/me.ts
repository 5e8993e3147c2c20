"use client";
import { ROUTES, type Me } from "@tandem/contract";
import { useQuery } from "@tanstack/react-query";
import { isUnauthorized } from "./api-error.ts";
import { requestJson } from "./request-json.ts";

export const ME_QUERY_KEY = ["me"] as const;

/** The signed-in account, or null when there is no (longer a) session. */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await requestJson<Me>(ROUTES.me.pattern, { signal });
  } catch (error) {
    if (isUnauthorized(error)) return null;
    throw error;
  }
}

/** Who is signed in: shared by the header, the settings and the editor (one request). */
export function useMe() {
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: ({ signal }) => fetchMe(signal), staleTime: 60_000 });
}
