import type { ApiTokenSummary, Me } from "@tandem/contract";
import type { ApiTokenRow } from "@tandem/db";
import type { Caller } from "../../../platform/http/caller.ts";

export function toMe(caller: Caller): Me {
  return { id: caller.userId, email: caller.email, name: caller.name, isAdmin: caller.isAdmin };
}

export function toTokenSummary(row: ApiTokenRow): ApiTokenSummary {
  return { id: row.id, label: row.label, prefix: row.prefix, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null };
}
