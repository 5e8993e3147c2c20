import Link from "next/link";
import { signInPath } from "@/features/accounts/client/return-to.ts";
import { sessionEnded } from "@/features/documents/client/session/notices.ts";

/**
 * The session ended mid-edit (401). The link leaves the editor, which writes the draft on its
 * way out; signing in comes back here, where the draft is restored.
 */
export function SignedOutNotice({ id, dirty }: { id: string; dirty: boolean }) {
  return (
    <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
      <span>{sessionEnded(dirty)}</span>
      <Link
        href={signInPath(`/documents/${encodeURIComponent(id)}`)}
        className="inline-flex shrink-0 items-center rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2"
      >
        Sign in
      </Link>
    </div>
  );
}
