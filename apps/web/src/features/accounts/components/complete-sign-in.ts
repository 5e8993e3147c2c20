"use client";
import { safeReturnTo } from "@/features/accounts/client/return-to.ts";

/**
 * Signed in: a full navigation to where the user was going, so every page and cache starts
 * from the new session (nothing of a previous account stays in memory). `replace` keeps the
 * sign-in page out of the back button's way.
 */
export function completeSignIn(next: string | null): void {
  window.location.replace(safeReturnTo(next));
}
