import type { Member } from "@tandem/contract";
import { ownersPhrase } from "@/features/sharing/client/access.ts";

/** Tells a viewer why nothing can be typed, and whom to ask for edit rights. */
export function ViewerNotice({ owners, unsaved }: { owners: Member[]; unsaved: boolean }) {
  return (
    <div role="note" aria-label="View only" className="rounded-lg border border-sky-200 bg-sky-50 px-4 py-2.5 text-sm text-sky-950">
      <p>
        You can view this document. To edit, ask <strong>{ownersPhrase(owners)}</strong>.
      </p>
      {unsaved && <p className="mt-1">Your earlier unsaved changes are still shown and kept in this browser; copy them if you need them.</p>}
    </div>
  );
}
