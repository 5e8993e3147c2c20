import { CONFLICT_ID_HEADER, IDEMPOTENCY_KEY_HEADER, RESOLUTION_HEADER, type Resolution } from "@tandem/contract";

// The audit trail measures how conflicts end: a 412 names its audit event in `Tandem-Conflict`,
// and the save that resolves it sends that id back with `Tandem-Resolution`. @tandem/client
// hands a 412 to its caller as a ConflictError built from the problem body alone and takes no
// extra request headers, so this wraps the fetch it uses: the id is copied from the 412's header
// into its problem body (`conflictId`), and a resolving write gets its two headers added.

export interface ConflictResolution {
  conflictId: string;
  resolution: Resolution;
}

/** The problem body's field the 412's conflict id is copied into. */
export const CONFLICT_ID_FIELD = "conflictId";

let nextWrite: ConflictResolution | null = null;
/**
 * The resolving writes under way, by Idempotency-Key: the client resends a write that got no
 * answer with the same key, and a copy that reaches the server must say what it resolves too.
 */
const resolvingByKey = new Map<string, ConflictResolution>();

/**
 * Performs `write` with the resolution headers on its request. `write` must be one call of the
 * API client that starts its request at once (replace() calls fetch before its first await),
 * so the headers cannot land on any other request; its resends (same Idempotency-Key) carry
 * them too, until the call settles.
 */
export function resolvingWrite<T>(resolves: ConflictResolution | undefined, write: () => Promise<T>): Promise<T> {
  if (!resolves) return write();
  // A copy of its own: this call's resends are told apart from any other's by identity.
  const mine = { ...resolves };
  nextWrite = mine;
  let pending: Promise<T>;
  try {
    pending = write();
  } finally {
    nextWrite = null;
  }
  return pending.finally(() => {
    for (const [key, entry] of resolvingByKey) if (entry === mine) resolvingByKey.delete(key);
  });
}

export function withConflictHeaders(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    const key = headers.get(IDEMPOTENCY_KEY_HEADER);
    const resolves = nextWrite ?? (key === null ? null : (resolvingByKey.get(key) ?? null));
    if (nextWrite && key !== null) resolvingByKey.set(key, nextWrite);
    nextWrite = null;
    if (resolves) {
      headers.set(CONFLICT_ID_HEADER, resolves.conflictId);
      headers.set(RESOLUTION_HEADER, resolves.resolution);
    }
    const res = await inner(input, resolves ? { ...init, headers } : init);
    // 412, and the 409 of a save whose server-side merge (Prefer: merge) met a conflict.
    const conflictId = res.status === 412 || res.status === 409 ? res.headers.get(CONFLICT_ID_HEADER) : null;
    if (!conflictId) return res;
    const problem: unknown = await res
      .clone()
      .json()
      .catch(() => null);
    if (!problem || typeof problem !== "object") return res;
    return new Response(JSON.stringify({ ...problem, [CONFLICT_ID_FIELD]: conflictId }), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
