import { parseTagCondition, strongMatch, weakMatch, type EntityTag, type TagCondition } from "./entity-tag.ts";
import { parseHttpDate, wholeSeconds } from "./http-date.ts";

export interface Preconditions {
  ifMatch: TagCondition | null;
  ifNoneMatch: TagCondition | null;
  ifModifiedSince: Date | null;
  ifUnmodifiedSince: Date | null;
}

/** Reads the four precondition headers; throws PreconditionSyntaxError on malformed tag lists. */
export function parsePreconditions(header: (name: string) => string | null): Preconditions {
  return {
    ifMatch: parseTagCondition(header("if-match"), "If-Match"),
    ifNoneMatch: parseTagCondition(header("if-none-match"), "If-None-Match"),
    ifModifiedSince: parseHttpDate(header("if-modified-since")),
    ifUnmodifiedSince: parseHttpDate(header("if-unmodified-since")),
  };
}

export function hasWritePrecondition(p: Preconditions): boolean {
  return p.ifMatch !== null || p.ifNoneMatch !== null;
}

/** The selected representation's validators, or null when the resource has none (absent). */
export interface CurrentState {
  etag: EntityTag;
  lastModified: Date;
}

export type Outcome = "proceed" | "not-modified" | "precondition-failed";

function matchesAny(condition: TagCondition, current: CurrentState | null, compare: typeof strongMatch): boolean {
  if (current === null) return false;
  if (condition.any) return true;
  return condition.tags.some((tag) => compare(tag, current.etag));
}

/**
 * RFC 9110 §13.2.2, steps 1–5, for a server that has (or lacks) one current representation.
 * If-Match uses the strong comparison, If-None-Match the weak one; the date headers only
 * count when the matching tag header is absent.
 */
export function evaluatePreconditions(p: Preconditions, current: CurrentState | null, method: string): Outcome {
  const safe = method === "GET" || method === "HEAD";
  if (p.ifMatch) {
    if (!matchesAny(p.ifMatch, current, strongMatch)) return "precondition-failed";
  } else if (p.ifUnmodifiedSince && current) {
    if (wholeSeconds(current.lastModified) > wholeSeconds(p.ifUnmodifiedSince)) return "precondition-failed";
  }
  if (p.ifNoneMatch) {
    if (matchesAny(p.ifNoneMatch, current, weakMatch)) return safe ? "not-modified" : "precondition-failed";
  } else if (safe && p.ifModifiedSince && current) {
    if (wholeSeconds(current.lastModified) <= wholeSeconds(p.ifModifiedSince)) return "not-modified";
  }
  return "proceed";
}
