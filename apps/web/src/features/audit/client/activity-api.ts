import { activityPath, type AuditEntry } from "@tandem/contract";
import { requestJson } from "@/features/sharing/client/request.ts";

/** One page of a document's audit trail, newest first; `before` pages back from an entry id. */
export function fetchActivity(documentId: string, before: number | undefined, signal?: AbortSignal): Promise<AuditEntry[]> {
  const query = before === undefined ? "" : `?before=${before}`;
  return requestJson<AuditEntry[]>("GET", `${activityPath(documentId)}${query}`, { signal });
}
