// How every Tandem write is declared in a route table: `?dryRun=true` and Idempotency-Key are
// handled here, once, so a write cannot forget either. The one wrapper (api-handler.ts)
// refuses `?dryRun=true` on any write not declared this way.
import type { ApiHandler } from "./api-handler.ts";
import { declareDryRun, dryRunnable, type DryRunHandler } from "./dry-run.ts";
import { idempotent, type IdempotencyOptions } from "./idempotency.ts";

/**
 * A write: `dryRun` tells the handler to decide everything and store, audit and announce
 * nothing (its answer is marked Tandem-Dry-Run: true); with an Idempotency-Key it is applied
 * once per key and request (a dry run neither claims nor replays a key).
 */
export function writeRoute(handler: DryRunHandler, options: IdempotencyOptions = {}): ApiHandler {
  return declareDryRun(idempotent(dryRunnable(handler), options));
}
