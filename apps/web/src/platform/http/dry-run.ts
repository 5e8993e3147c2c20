import { DRY_RUN_HEADER, DRY_RUN_PARAM } from "@tandem/contract";
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { ApiHandler } from "./api-handler.ts";
import type { ApiRequest, ApiResponse } from "./api-request.ts";
import type { Caller } from "./caller.ts";
import { parseQuery } from "./query-params.ts";

/** Every write's query (also its OpenAPI description): `dryRun` is `true` or `false`, nothing else. */
export const dryRunQuery = z.object({
  [DRY_RUN_PARAM]: z
    .enum(["true", "false"], { error: `${DRY_RUN_PARAM} takes true or false.` })
    .optional()
    .meta({ description: "`true`: decide everything, store nothing; the answer carries Tandem-Dry-Run: true." }),
});

/** `?dryRun=true` → true; absent or `false` → false; anything else is a 400 (never a real write by mistake). */
export function isDryRun(request: Pick<ApiRequest, "search">): boolean {
  return parseQuery(dryRunQuery, request.search)[DRY_RUN_PARAM] === "true";
}

/** A dry run's answer — success or refusal — says that it was one. */
export async function markDryRun(dryRun: boolean, answer: () => Promise<ApiResponse>): Promise<ApiResponse> {
  if (!dryRun) return answer();
  try {
    const response = await answer();
    return { ...response, headers: { ...response.headers, [DRY_RUN_HEADER]: "true" } };
  } catch (error) {
    // Failures stay as they are (the wrapper logs them with their cause).
    if (!(error instanceof AppError)) throw error;
    throw new AppError(error.code, error.detail, error.extensions, { ...error.headers, [DRY_RUN_HEADER]: "true" });
  }
}

/** A write that can do a dry run: `dryRun` says whether this request is one. */
export type DryRunHandler = (request: ApiRequest, params: Record<string, string>, caller: Caller, dryRun: boolean) => Promise<ApiResponse>;

/** Handlers that do dry runs (declared with `declareDryRun`); the wrapper refuses `dryRun=true` on any other write. */
const DECLARED = new WeakSet<ApiHandler>();

export function declareDryRun(handler: ApiHandler): ApiHandler {
  DECLARED.add(handler);
  return handler;
}

/** Whether `handler` does dry runs (declared with `declareDryRun`). */
export function declaresDryRun(handler: ApiHandler): boolean {
  return DECLARED.has(handler);
}

/** The handler decides with `dryRun`; its answer (or refusal) is marked Tandem-Dry-Run: true. */
export function dryRunnable(handler: DryRunHandler): ApiHandler {
  return (request, params, caller) => {
    const dryRun = isDryRun(request);
    return markDryRun(dryRun, () => handler(request, params, caller, dryRun));
  };
}

/**
 * The one wrapper calls this for every write before anything else runs: a write that cannot
 * do a dry run (MCP's JSON-RPC, better-auth's endpoints) answers `?dryRun=true` with a 400
 * (`bad-request`, `parameter: "dryRun"`) instead of quietly doing it for real.
 */
export function refuseUndeclaredDryRun(handler: ApiHandler | null, request: Pick<ApiRequest, "search" | "method" | "pathname">): void {
  if ((handler !== null && declaresDryRun(handler)) || !isDryRun(request)) return;
  throw new AppError("bad-request", `${request.method} ${request.pathname} cannot do a dry run: nothing was done. Send it without ${DRY_RUN_PARAM}=true to do it for real.`, { parameter: DRY_RUN_PARAM });
}
