"use client";
import { SIGN_IN_PAGE, SIGN_UP_PAGE } from "@tandem/contract";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { AccountMenu } from "./account-menu.tsx";

/** The bar on every page but the sign-in and sign-up pages (which have nobody to show yet). */
export function AppHeader() {
  const pathname = usePathname();
  if (pathname === SIGN_IN_PAGE || pathname === SIGN_UP_PAGE) return null;
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-3 px-4">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight text-slate-900">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-lg bg-brand-600 text-sm text-white">T</span>
          Tandem
        </Link>
        <AccountMenu pathname={pathname} />
      </div>
    </header>
  );
}
