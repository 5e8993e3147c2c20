// Idempotency-Key on writes (draft-ietf-httpapi-idempotency-key-header). A thin runner around a
// route's handler; what to do with a key is decided by `idempotencyDecision` (pure).
//
// The body is read (bounded by MAX_BODY_BYTES) before the handler runs, because the request's
// fingerprint includes it; authentication has happened already. A dry run neither claims nor
// replays a key. Routes get this through writeRoute (write-route.ts), never on their own.
import { createHash } from "node:crypto";
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_TTL_HOURS, IDEMPOTENT_REPLAY_HEADER } from "@tandem/contract";
import type { IdempotencyRow } from "@tandem/db";
import { database } from "../database.ts";
import { env } from "../env.ts";
import { AppError } from "../errors.ts";
import { logger } from "../observability/logger.ts";
import type { ApiHandler } from "./api-handler.ts";
import { problemOf } from "./api-handler.ts";
import type { ApiRequest, ApiResponse } from "./api-request.ts";
import { isDryRun } from "./dry-run.ts";
import { readTextBody } from "./read-body.ts";
import { openAnswer, sealAnswer } from "./sealed-answer.ts";

/** The key: an sf-string (`"…"`) or a bare token of visible ASCII; null without the header. */
export function parseIdempotencyKey(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  const key = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !/^[\x21-\x7e]+$/.test(key) || key.includes('"') || key.includes("\\")) {
    throw new AppError("invalid-header", `${IDEMPOTENCY_KEY_HEADER} takes 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters, optionally in double quotes.`, { header: IDEMPOTENCY_KEY_HEADER });
  }
  return key;
}

/** What identifies "the same request": everything that decides its outcome. */
export function requestFingerprint(request: Pick<ApiRequest, "method" | "pathname" | "search" | "header">, body: string | null): string {
  const hash = createHash("sha256");
  for (const part of [request.method, request.pathname, request.search, request.header("content-type"), request.header("if-match"), request.header("if-none-match"), request.header("prefer")]) {
    hash.update(`${part ?? ""}\n`);
  }
  hash.update(body ?? "");
  return hash.digest("hex");
}

export type IdempotencyDecision = { kind: "run" } | { kind: "replay"; answer: ApiResponse } | { kind: "mismatch" } | { kind: "in-flight" };

/** Pure: what a request with a key that is already held gets. */
export function idempotencyDecision(record: Pick<IdempotencyRow, "fingerprint" | "state" | "status" | "headers" | "body">, fingerprint: string): IdempotencyDecision {
  if (record.fingerprint !== fingerprint) return { kind: "mismatch" };
  if (record.state !== "done" || record.status === null) return { kind: "in-flight" };
  const headers = JSON.parse(record.headers ?? "{}") as Record<string, string>;
  return { kind: "replay", answer: { status: record.status, headers: { ...headers, [IDEMPOTENT_REPLAY_HEADER]: "true" }, body: record.body } };
}

/** The request again, its body now from memory. */
function buffered(request: ApiRequest, body: string | null): ApiRequest {
  const bytes = body === null ? null : Buffer.from(body, "utf8");
  return {
    ...request,
    header: (name) => request.header(name),
    body: () => (bytes === null ? null : (async function* () {
      yield bytes;
    })()),
    abandonBody: () => request.abandonBody(),
  };
}

let lastSweep = 0;

/**
 * Once its key is claimed a request only talks to the database (its body was read before), so
 * it is over within a few statement timeouts. A record still "in flight" after that was left
 * by a process that died between its commit and storing the answer: the same request then runs
 * again. Safe for a write with If-Match (it meets its own result and answers 412, which
 * @tandem/client resolves with `applied`); a duplicate only for a POST caught in that instant.
 */
function abandonedAfterMs(): number {
  return 3 * env().DATABASE_STATEMENT_TIMEOUT_MS;
}

export interface IdempotencyOptions {
  /** The answer holds a secret: it is kept sealed under this secret (sealed-answer.ts), never in the clear. */
  sealWith?: () => Promise<string>;
}

/** Wraps a write handler: with an Idempotency-Key, it runs once per key and request. */
export function idempotent(handler: ApiHandler, options: IdempotencyOptions = {}): ApiHandler {
  return async (request, params, caller) => {
    const key = parseIdempotencyKey(request.header(IDEMPOTENCY_KEY_HEADER.toLowerCase()));
    // A dry run applies nothing: there is nothing to keep.
    if (key === null || isDryRun(request)) return handler(request, params, caller);
    const body = await readTextBody(request, env().MAX_BODY_BYTES);
    const fingerprint = requestFingerprint(request, body);
    const repo = database().idempotency;
    const now = new Date();
    sweep(now);
    const claim = await repo.claim(caller.userId, key, fingerprint, now, new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000), new Date(now.getTime() - abandonedAfterMs()));
    if (!claim.claimed) {
      const decision = idempotencyDecision(claim.record, fingerprint);
      if (decision.kind === "mismatch") throw new AppError("idempotency-key-mismatch", `This ${IDEMPOTENCY_KEY_HEADER} was used for a different request. Use a new key for a new request.`);
      if (decision.kind === "in-flight") throw new AppError("idempotency-key-in-use", `The first request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry shortly.`, {}, { "Retry-After": "1" });
      if (decision.kind === "replay") {
        if (!options.sealWith) return decision.answer;
        return { ...decision.answer, body: openSealed(decision.answer.body, await options.sealWith(), caller.userId, key) };
      }
    }
    let answer: ApiResponse;
    try {
      answer = await handler(buffered(request, body), params, caller);
    } catch (error) {
      // A refusal is an answer like any other; a failure may be fixed by a retry.
      if (!(error instanceof AppError) || error.status >= 500) {
        await repo.release(caller.userId, key).catch(() => undefined);
        throw error;
      }
      answer = problemOf(error, request.pathname, request.requestId);
    }
    if (answer.status >= 500 || answer.stream) await repo.release(caller.userId, key).catch(() => undefined);
    else {
      const kept = options.sealWith ? sealAnswer(answer.body, await options.sealWith(), caller.userId, key) : answer.body;
      await repo.complete(caller.userId, key, { status: answer.status, headers: answer.headers, body: kept });
    }
    return answer;
  };
}

/**
 * A sealed answer that no longer opens (the server's secret changed since) is a refusal, not a
 * fault: the write was applied once, and only a new key may make another.
 */
function openSealed(body: string | null, secret: string, userId: string, key: string): string | null {
  try {
    return openAnswer(body, secret, userId, key);
  } catch {
    throw new AppError("conflict", `The first answer to this ${IDEMPOTENCY_KEY_HEADER} can no longer be shown (the server's secret changed since); it was applied once. Use a new key to make another.`);
  }
}

/** Expired records go at most once a minute per process, in the background. */
function sweep(now: Date): void {
  if (now.getTime() - lastSweep < 60_000) return;
  lastSweep = now.getTime();
  database()
    .idempotency.deleteExpired(now)
    .catch((error: unknown) => logger().warn({ err: error }, "could not delete expired idempotency keys"));
}
