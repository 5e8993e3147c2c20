import { DRY_RUN_HEADER, DRY_RUN_PARAM } from "@tandem/contract";
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { ApiRequest, ApiResponse } from "./api-request.ts";
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
