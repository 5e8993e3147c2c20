import type { Resolution } from "@tandem/contract";
import type { ConflictResolution } from "@/features/documents/client/conflict-headers.ts";

// The id of a 412's audit event travels from the refusal to the save that resolves it. A server
// that sends none (or an older one) leaves the fields out: nothing is sent back then.

/** `{ refusalId }` of whatever carries one, or nothing: spread into an operation or a conflict. */
export function refusalOf(from: { refusalId?: string } | null | undefined): { refusalId?: string } {
  return from?.refusalId ? { refusalId: from.refusalId } : {};
}

/** The `resolves` of a save effect that settles the refusal `refusalId`, if it is known. */
export function resolving(refusalId: string | undefined, resolution: Resolution): { resolves?: ConflictResolution } {
  return refusalId ? { resolves: { conflictId: refusalId, resolution } } : {};
}
