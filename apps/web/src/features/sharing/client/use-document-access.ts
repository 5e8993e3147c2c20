"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchMe, ME_QUERY_KEY } from "@/features/accounts/client/me.ts";
import { accessOf, type DocumentAccess } from "./access.ts";
import { fetchMembers } from "./members-api.ts";

/** The cache key of a document's access; sharing changes invalidate it. */
export const accessKey = (documentId: string) => ["access", documentId] as const;

/**
 * The caller's role on a document and its members, in one query: the members list (any member
 * may read it) matched against the signed-in account (the app-wide cached /api/me, not asked
 * again). It also names the owners a viewer can ask, and feeds the Share dialog. Polled, so a
 * role changed by the owner reaches an open editor.
 */
export function useDocumentAccess(documentId: string) {
  const queryClient = useQueryClient();
  return useQuery<DocumentAccess>({
    queryKey: accessKey(documentId),
    queryFn: async ({ signal }) => {
      const [me, members] = await Promise.all([
        queryClient.ensureQueryData({ queryKey: ME_QUERY_KEY, queryFn: ({ signal: s }) => fetchMe(s) }),
        fetchMembers(documentId, signal),
      ]);
      if (!me) throw new Error("not signed in");
      return accessOf(me, members);
    },
    refetchInterval: 15_000,
    retry: false,
  });
}
