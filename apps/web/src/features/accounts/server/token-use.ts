import { database } from "../../../platform/database.ts";
import { logger } from "../../../platform/observability/logger.ts";

// "Last used" is for people deciding which token to revoke: minute precision is plenty, and a
// write per request is not worth it.
const EVERY_MS = 60_000;
const lastWrite = new Map<string, number>();

export function noteTokenUse(tokenId: string, now = Date.now()): void {
  const last = lastWrite.get(tokenId);
  if (last !== undefined && now - last < EVERY_MS) return;
  lastWrite.set(tokenId, now);
  if (lastWrite.size > 10_000) lastWrite.clear();
  database()
    .accounts.touchToken(tokenId, new Date(now))
    .catch((error: unknown) => logger().warn({ err: error }, "could not record a token's last use"));
}
