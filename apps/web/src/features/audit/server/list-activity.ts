import { ACTIVITY_PAGE_SIZE, type AuditEntry, type AuditEventType } from "@tandem/contract";
import type { AuditRow } from "@tandem/db";
import { database } from "../../../platform/database.ts";

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    type: row.type as AuditEventType,
    actor: row.actorId ? { id: row.actorId, name: row.actorName ?? "" } : null,
    documentId: row.documentId,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/** A page of the trail, newest first: one document's, or everything (admins). */
export async function listActivity(filter: { documentId?: string; before?: number }): Promise<AuditEntry[]> {
  const rows = await database().audit.list({ ...filter, limit: ACTIVITY_PAGE_SIZE });
  return rows.map(toAuditEntry);
}
