import { DRY_RUN_HEADER, DRY_RUN_PARAM } from "@tandem/contract";
import { AppError } from "../errors.ts";
import type { ApiRequest, ApiResponse } from "./api-request.ts";

/** `?dryRun=true` → true; absent or `false` → false; anything else is a 400 (never a real write by mistake). */
export function isDryRun(request: Pick<ApiRequest, "search">): boolean {
  const value = new URLSearchParams(request.search).get(DRY_RUN_PARAM);
  if (value === null || value === "false") return false;
  if (value === "true") return true;
  throw new AppError("bad-request", `${DRY_RUN_PARAM} takes true or false.`);
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
