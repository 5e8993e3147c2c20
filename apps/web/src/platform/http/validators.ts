import { formatEntityTag, formatHttpDate, parsePreconditions, PreconditionSyntaxError, type EntityTag, type Preconditions } from "@tandem/http-preconditions";
import { AppError } from "../errors.ts";
import type { ApiRequest } from "./api-request.ts";

export function strongTag(opaque: string): EntityTag {
  return { weak: false, opaque };
}

export function etagHeader(opaque: string): string {
  return formatEntityTag(strongTag(opaque));
}

export function preconditionsOf(request: Pick<ApiRequest, "header">): Preconditions {
  try {
    return parsePreconditions((name) => request.header(name));
  } catch (error) {
    if (error instanceof PreconditionSyntaxError) {
      throw new AppError("invalid-precondition", `${error.message}. Entity-tags are quoted, e.g. If-Match: "3.xyz", and "*" stands alone.`, { header: error.header });
    }
    throw error;
  }
}

/** Validator and cache headers of one document state. */
export function validatorHeaders(state: { etag: string; updatedAt: Date }): Record<string, string> {
  return {
    ETag: etagHeader(state.etag),
    "Last-Modified": formatHttpDate(state.updatedAt),
    // Any cache must revalidate before reuse: a stale copy is how edits get lost.
    "Cache-Control": "private, no-cache",
  };
}
