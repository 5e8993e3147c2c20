"use client";
import { AUTHOR_MAX_LENGTH } from "@tandem/contract";
import { setName, useName } from "@/lib/identity.ts";

/** Who you are in this browser: sent with every save and shown to the others. */
export function NameField() {
  const name = useName();
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span className="hidden sm:inline">Your name</span>
      <span className="sr-only sm:hidden">Your name</span>
      <input
        aria-label="Your name"
        className="w-32 rounded-md border border-slate-300 bg-white px-2 py-1 text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 sm:w-40"
        value={name}
        maxLength={AUTHOR_MAX_LENGTH}
        onChange={(e) => setName(e.target.value)}
      />
    </label>
  );
}
