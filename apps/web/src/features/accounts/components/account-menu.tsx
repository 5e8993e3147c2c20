"use client";
import { SIGN_IN_PAGE } from "@tandem/contract";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { isUnauthorized } from "@/features/accounts/client/api-error.ts";
import { signOut } from "@/features/accounts/client/auth-api.ts";
import { useMe } from "@/features/accounts/client/me.ts";
import { signInPath } from "@/features/accounts/client/return-to.ts";
import { announce } from "@/features/documents/client/tab-channel.ts";

/** Signed out (or found so): the other tabs' editors hear it now, then this page goes to sign-in. */
function leavePage(): void {
  announce({ type: "signed-out" });
  window.location.assign(SIGN_IN_PAGE);
}

const LINK = "rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500";

/** Who you are, Settings and Sign out; a Sign in link once the session is gone. */
export function AccountMenu({ pathname }: { pathname: string }) {
  const me = useMe();
  const leave = useMutation({
    mutationFn: signOut,
    // A full navigation: nothing of this account stays in the page's memory. Already signed
    // out (401) is as good as done.
    onSuccess: leavePage,
    onError: (error) => isUnauthorized(error) && leavePage(),
  });

  if (me.isPending) return <span aria-hidden className="h-5 w-40 animate-pulse rounded bg-slate-100" />;
  if (!me.data) {
    return (
      <Link className={LINK} href={signInPath(pathname)}>
        Sign in
      </Link>
    );
  }
  const { name, email, isAdmin } = me.data;
  return (
    <nav aria-label="Account" className="relative flex min-w-0 items-center gap-1 sm:gap-2">
      <span title={email} className="min-w-0 truncate px-1 text-sm text-slate-700" data-testid="signed-in-as">
        <span className="sr-only">Signed in as </span>
        <span className="font-medium text-slate-900">{name}</span>
        <span className="sr-only"> ({email})</span>
      </span>
      {isAdmin && <span className="hidden shrink-0 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 sm:inline">Admin</span>}
      {isAdmin && (
        // On a phone the header keeps the name; Settings links to all activity too.
        <Link className={`${LINK} hidden shrink-0 sm:inline`} href="/activity" aria-current={pathname === "/activity" ? "page" : undefined}>
          Activity
        </Link>
      )}
      <Link className={`${LINK} shrink-0`} href="/settings" aria-current={pathname === "/settings" ? "page" : undefined}>
        Settings
      </Link>
      <button
        type="button"
        onClick={() => leave.mutate()}
        disabled={leave.isPending || leave.isSuccess}
        className="shrink-0 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 disabled:text-slate-400"
      >
        Sign out
      </button>
      {leave.isError && !isUnauthorized(leave.error) && (
        <span role="alert" className="absolute top-full right-0 mt-2 w-64 rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 shadow">
          Could not sign out: {leave.error.message}. Try again.
        </span>
      )}
    </nav>
  );
}
