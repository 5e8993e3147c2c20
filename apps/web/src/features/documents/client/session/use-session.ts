"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, useSyncExternalStore } from "react";
import type { SessionEvent } from "./events.ts";
import { SessionRunner } from "./runner.ts";
import type { SessionState } from "./state.ts";

/** The editing session of document `id`: its state, and the way to tell it what happened. */
export function useDocumentSession(id: string): { state: SessionState; dispatch: (event: SessionEvent) => void } {
  const router = useRouter();
  const [runner] = useState(() => new SessionRunner(id, { leave: () => router.push("/") }));
  useEffect(() => runner.connect(), [runner]);
  const state = useSyncExternalStore(runner.subscribe, runner.getSnapshot, runner.getSnapshot);
  return { state, dispatch: runner.dispatch };
}
