// What the trail keeps of document writes: every refusal for staleness (412, and the 409 of a
// merge that conflicts) with the versions involved, deletes and re-creates, and saves that
// resolve an earlier refusal.
import { CONFLICT_ID_HEADER, RESOLUTION_HEADER, RESOLUTIONS, type Resolution } from "@tandem/contract";
import { AppError } from "../../../platform/errors.ts";
import type { ApiRequest } from "../../../platform/http/api-request.ts";
import type { Caller } from "../../../platform/http/caller.ts";
import { recordAudit } from "../../audit/server/record-audit.ts";
import { recordResolution, type ResolutionClaim } from "../../audit/server/resolve-conflict.ts";
import type { WriteResult } from "./compare-and-set.ts";

/** Tandem-Conflict + Tandem-Resolution, when a save says it resolves a 412; 400 if malformed. */
export function resolutionClaim(request: Pick<ApiRequest, "header">): ResolutionClaim | null {
  const id = request.header(CONFLICT_ID_HEADER.toLowerCase());
  const how = request.header(RESOLUTION_HEADER.toLowerCase());
  if (id === null && how === null) return null;
  const conflictId = /^[1-9][0-9]{0,14}$/.test(id ?? "") ? Number(id) : null;
  const resolution = RESOLUTIONS.includes(how as Resolution) ? (how as Resolution) : null;
  if (conflictId === null || resolution === null) {
    throw new AppError("invalid-header", `${CONFLICT_ID_HEADER} takes the id a 412 carried and ${RESOLUTION_HEADER} one of ${RESOLUTIONS.join(", ")}; send both or neither.`, { header: CONFLICT_ID_HEADER });
  }
  return { conflictId, resolution };
}

/** A refusal for staleness is recorded and answered with its id, for the resolving save. */
export async function auditRefusal(error: unknown, caller: Caller, id: string, clientVersion: number | null): Promise<never> {
  if (!(error instanceof AppError) || (error.code !== "precondition-failed" && error.code !== "conflict")) throw error;
  const current = error.extensions.current as { version?: number } | null | undefined;
  const deleted = error.extensions.deleted as { version?: number } | undefined;
  const event = await recordAudit({
    type: "conflict",
    actor: { id: caller.userId, name: caller.name },
    documentId: id,
    detail: { clientVersion, currentVersion: current?.version ?? deleted?.version ?? null, ...(error.code === "conflict" ? { merge: true } : {}) },
  });
  if (!event) throw error;
  throw new AppError(error.code, error.detail, error.extensions, { ...error.headers, [CONFLICT_ID_HEADER]: String(event.id) });
}

/** After a committed write: deletes, re-creates, merges on the server and resolutions. */
export async function auditWrite(result: WriteResult, caller: Caller, claim: ResolutionClaim | null): Promise<void> {
  const actor = { id: caller.userId, name: caller.name };
  const { row } = result;
  if (row.deletedAt) await recordAudit({ type: "document-deleted", actor, documentId: row.id, detail: { version: row.version } });
  else if (result.created && row.version > 1) await recordAudit({ type: "document-recreated", actor, documentId: row.id, detail: { version: row.version } });
  if (result.merged && !claim) {
    await recordAudit({ type: "conflict-resolved", actor, documentId: row.id, detail: { resolution: "automatic", onServer: true, merged: result.merged, version: row.version } });
  }
  if (claim) await recordResolution(claim, actor, row.id, row.version);
}
