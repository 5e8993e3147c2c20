import { PREFER_HEADER } from "@tandem/contract";
import type { ApiRequest } from "./api-request.ts";

/** Longer Prefer values are ignored, as unknown preferences are (RFC 7240 §2). */
const MAX_PREFER_LENGTH = 1024;

/** Whether the request's `Prefer` header holds the preference `name` (with or without a value). */
export function prefers(request: Pick<ApiRequest, "header">, name: string): boolean {
  const value = request.header(PREFER_HEADER.toLowerCase());
  if (!value || value.length > MAX_PREFER_LENGTH) return false;
  return value.split(",").some((item) => item.split(/[;=]/, 1)[0]!.trim().toLowerCase() === name);
}
