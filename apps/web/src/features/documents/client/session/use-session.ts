"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, useSyncExternalStore } from "react";
import { ME_QUERY_KEY, useMe } from "@/features/accounts/client/me.ts";
import type { DraftOwner } from "@/features/documents/client/drafts.ts";
import type { SessionEvent } from "./events.ts";
import { SessionRunner } from "./runner.ts";
import type { SessionState } from "./state.ts";

/** The editing session of document `id`: its state, and the way to tell it what happened. */
export function useDocumentSession(id: string): { state: SessionState; dispatch: (event: SessionEvent) => void } {
  const router = useRouter();
  const [runner] = useState(() => new SessionRunner(id, { leave: () => router.push("/") }));
  const owner = useDraftOwner();
  useEffect(() => (owner === undefined ? undefined : runner.connect(owner)), [runner, owner]);
  const state = useSyncExternalStore(runner.subscribe, runner.getSnapshot, runner.getSnapshot);
  useSessionEndShown(state.signedOut);
  return { state, dispatch: runner.dispatch };
}

/**
 * Whose drafts the session reads and writes: the signed-in account (undefined while asking).
 * When no account can be confirmed, null: the load then meets 401 and asks to sign in, and any
 * text is kept unowned rather than dropped.
 */
function useDraftOwner(): DraftOwner | undefined {
  const me = useMe();
  if (me.isPending) return undefined;
  return me.data?.id ?? null;
}

/** The editor met 401, or got through again: the header asks who is signed in once more. */
function useSessionEndShown(signedOut: boolean): void {
  const queryClient = useQueryClient();
  const [shown, setShown] = useState(signedOut);
  useEffect(() => {
    if (signedOut === shown) return;
    setShown(signedOut);
    void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  }, [signedOut, shown, queryClient]);
}
