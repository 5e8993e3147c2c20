import { randomBytes } from "node:crypto";
import type { Stamp } from "@tandem/db";

/**
 * A fresh strong validator for every state: the version keeps it readable, the random part
 * keeps it from ever coming back for another state of the same URL, even if a database were
 * restored from a backup or an id re-used after a wipe.
 */
export function newEtag(version: number): string {
  return `${version}.${randomBytes(9).toString("base64url")}`;
}

/** The version an ETag of ours was made for, or null for a tag we cannot have made. */
export function versionOfEtag(etag: string): number | null {
  const match = /^([1-9][0-9]{0,9})\./.exec(etag);
  return match ? Number(match[1]) : null;
}

/** The account a change is made by: its id, and its name at the time (history keeps it). */
export interface Author {
  id: string;
  name: string;
}

export function newStamp(version: number, author: Author, summary: string | null = null): Stamp {
  return { version, etag: newEtag(version), now: new Date(), author: author.name, authorId: author.id, summary };
}
