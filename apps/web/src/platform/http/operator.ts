import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "../env.ts";
import type { ApiRequest } from "./api-request.ts";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Whether the request carries the operators' token (TANDEM_METRICS_TOKEN) as a bearer
 * credential. Compared as digests in constant time: the answer's timing says nothing of how
 * much of a guess was right. False when no token is configured.
 */
export function isOperator(request: Pick<ApiRequest, "header">): boolean {
  const token = env().TANDEM_METRICS_TOKEN;
  const header = request.header("authorization");
  if (!token || !header?.startsWith("Bearer ")) return false;
  return timingSafeEqual(digest(header.slice("Bearer ".length).trim()), digest(token));
}
