"use client";
import { ActivityPanel } from "@/features/audit/components/activity-panel.tsx";

/** The whole audit trail, for admins (the API answers 403 to anyone else, shown as such). */
export function AllActivity() {
  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-4 px-4 py-6">
      <h1 className="text-xl font-semibold">All activity</h1>
      <p className="text-sm text-slate-600">Sign-ins, tokens, sharing, deletions, refused saves and resolved conflicts across every document. Entries never hold a document&apos;s text.</p>
      <ActivityPanel documentId={null} />
    </main>
  );
}
