// A save that says it resolves an earlier 412 (Tandem-Conflict + Tandem-Resolution): the time
// from that refusal to this save goes to the trail and the histogram. Only the user's own 412
// on the same document counts, and only once.
import type { Resolution } from "@tandem/contract";
import { database } from "../../../platform/database.ts";
import { conflictResolutionSeconds } from "../../../platform/observability/conflict-metrics.ts";
import { recordAudit } from "./record-audit.ts";

export interface ResolutionClaim {
  conflictId: number;
  resolution: Resolution;
}

export async function recordResolution(claim: ResolutionClaim, actor: { id: string; name: string }, documentId: string, version: number, now = new Date()): Promise<void> {
  const audit = database().audit;
  const conflict = await audit.findConflict(claim.conflictId, actor.id, documentId).catch(() => null);
  if (!conflict || (await audit.isResolved(claim.conflictId, documentId).catch(() => true))) return;
  const seconds = Math.max(0, (now.getTime() - conflict.at.getTime()) / 1000);
  conflictResolutionSeconds.observe({ resolution: claim.resolution }, seconds);
  // conflictId first: isResolved() finds the event by that prefix.
  await recordAudit({ type: "conflict-resolved", actor, documentId, detail: { conflictId: claim.conflictId, resolution: claim.resolution, seconds, version } });
}
