import { randomUUID } from "node:crypto";
import { REQUEST_ID_HEADER as HEADER } from "@tandem/contract";

/** As Node names it in `req.headers`. */
export const REQUEST_ID_HEADER = HEADER.toLowerCase();

// An id from a proxy or a client is kept so one request can be followed across hops; anything
// that could forge log structure or bloat every line is replaced instead of refused (it is a
// tracing aid, not input the request depends on).
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(incoming: string | string[] | null | undefined): string {
  return typeof incoming === "string" && SANE.test(incoming) ? incoming : randomUUID();
}
