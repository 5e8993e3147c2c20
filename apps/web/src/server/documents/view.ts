import { formatEntityTag, type EntityTag } from "@tandem/http-preconditions";
import { randomBytes } from "node:crypto";

// What the API returns for a document (GET body, write responses, `current` of a 412) is the
// client package's type: the compiler holds the server to the contract the browser relies on.
import type { DocumentView } from "@tandem/client";

export type { DocumentView };

export interface DocumentRow {
  id: string;
  title: string;
  content: string;
  version: number;
  etag: string;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
  deletedAt: Date | null;
}

export function toView(row: DocumentRow): DocumentView {
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/**
 * A fresh strong validator for every state: the version keeps it readable, the random part
 * keeps it from ever coming back for another state of the same URL, even if a database were
 * restored from a backup or an id re-used after a wipe.
 */
export function newEtag(version: number): string {
  return `${version}.${randomBytes(9).toString("base64url")}`;
}

export function strongTag(opaque: string): EntityTag {
  return { weak: false, opaque };
}

export function etagHeader(opaque: string): string {
  return formatEntityTag(strongTag(opaque));
}
