import { activityPath, ROUTES, type AuditEntry } from "@tandem/contract";
import { requestJson } from "@/features/sharing/client/request.ts";

/**
 * One page of a document's audit trail (or, with no document, everything: admins), newest
 * first; `before` pages back from an entry id.
 */
export function fetchActivity(documentId: string | null, before: number | undefined, signal?: AbortSignal): Promise<AuditEntry[]> {
  const query = before === undefined ? "" : `?before=${before}`;
  return requestJson<AuditEntry[]>("GET", `${documentId === null ? ROUTES.activity.pattern : activityPath(documentId)}${query}`, { signal });
}
