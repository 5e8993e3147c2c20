// Appends to the audit trail. Best effort by design: the change it describes has already been
// committed (or refused), and failing the request now would tell the client a committed write
// failed. A failure to record is logged as an error instead.
import type { AuditEventType } from "@tandem/contract";
import type { AuditRow } from "@tandem/db";
import { database } from "../../../platform/database.ts";
import { logger } from "../../../platform/observability/logger.ts";
import { currentRequestId } from "../../../platform/observability/request-context.ts";

export interface AuditInput {
  type: AuditEventType;
  actor: { id: string; name: string } | null;
  documentId?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(event: AuditInput): Promise<AuditRow | null> {
  try {
    return await database().audit.append({
      at: new Date(),
      type: event.type,
      actorId: event.actor?.id ?? null,
      actorName: event.actor?.name ?? null,
      documentId: event.documentId ?? null,
      detail: JSON.stringify(event.detail ?? {}),
    });
  } catch (error) {
    logger().error({ reqId: currentRequestId(), err: error, audit: event.type }, "could not record an audit event");
    return null;
  }
}
