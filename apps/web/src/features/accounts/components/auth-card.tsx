import Link from "next/link";
import type { ReactNode } from "react";

/** The frame of the sign-in and sign-up pages: they have no app header, so the brand is here. */
export function AuthCard({ title, intro, children, footer }: { title: string; intro?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center px-4 py-10 sm:justify-center sm:py-16">
      <Link href="/" className="mb-6 flex items-center gap-2 text-lg font-semibold tracking-tight text-slate-900">
        <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-brand-600 text-white">T</span>
        Tandem
      </Link>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {intro && <div className="mt-2 text-sm text-slate-600">{intro}</div>}
        <div className="mt-6">{children}</div>
      </div>
      {footer && <div className="mt-4 text-sm text-slate-600">{footer}</div>}
    </main>
  );
}
