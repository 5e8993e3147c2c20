// Changes and presence → the events a stream sends: pure, tested with literal tables.
import type { PresenceSummaryEvent, PresenceUser, VersionEvent, WorkspaceDocumentEvent } from "@tandem/contract";
import type { DocumentChange } from "@tandem/db";

export interface StreamEvent {
  event: string;
  data: unknown;
  id?: number;
}

const DOCUMENT_EVENT: Record<DocumentChange["kind"], string> = { create: "version", update: "version", delete: "deleted", recreate: "recreated" };
const WORKSPACE_EVENT: Record<DocumentChange["kind"], string> = { create: "created", update: "changed", delete: "deleted", recreate: "created" };

/** A document stream's event for a committed change; its id is the revision's. */
export function documentStreamEvent(change: DocumentChange): StreamEvent {
  const data: VersionEvent = {
    documentId: change.documentId,
    version: change.version,
    etag: `"${change.etag}"`,
    kind: change.kind,
    updatedBy: change.updatedBy,
    updatedById: change.updatedById,
    updatedAt: change.updatedAt.toISOString(),
    summary: change.summary,
  };
  return { event: DOCUMENT_EVENT[change.kind], data, id: change.revisionId };
}

/** The workspace stream's event: enough for the list to update without reading it again. */
export function workspaceStreamEvent(change: DocumentChange): StreamEvent {
  const data: WorkspaceDocumentEvent = { documentId: change.documentId, version: change.version, updatedBy: change.updatedBy, updatedAt: change.updatedAt.toISOString() };
  return { event: WORKSPACE_EVENT[change.kind], data, id: change.revisionId };
}

/** How many others (not `reader`) have the document open. */
export function presenceSummary(users: readonly PresenceUser[], documentId: string, reader: string): PresenceSummaryEvent {
  const others = users.filter((u) => u.id !== reader);
  const editing = others.filter((u) => u.state === "editing").length;
  return { documentId, editing, viewing: others.length - editing };
}
