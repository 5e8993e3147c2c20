import type { DocumentView } from "@tandem/contract";
import { relativeTime } from "@/lib/relative-time.ts";

/** "Last edited by Ann 3 minutes ago": the account behind the version on screen. */
export function LastEdited({ doc }: { doc: DocumentView }) {
  return (
    <p data-testid="last-edited" className="truncate text-xs text-slate-500">
      Last edited{doc.updatedBy ? ` by ${doc.updatedBy}` : ""}{" "}
      <time dateTime={doc.updatedAt} title={new Date(doc.updatedAt).toLocaleString()}>
        {relativeTime(doc.updatedAt)}
      </time>
    </p>
  );
}
