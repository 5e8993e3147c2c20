import type { Role } from "./access.ts";

// The shapes the documents API sends and takes. The server's presenters return these types and
// the client parses into them, so the compiler holds both ends to one contract.

export interface DocumentView {
  id: string;
  title: string;
  content: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The author's name at the time of the change; null for changes made before accounts. */
  updatedBy: string | null;
  updatedById: string | null;
  /** The writer's one-line summary of the change that made this version; null when none was given. */
  summary: string | null;
}

/** A document state together with its strong validator. */
export interface Versioned {
  doc: DocumentView;
  /** The ETag header value, quotes included: what If-Match takes. */
  etag: string;
}

/** How a write with `Prefer: merge` was merged: from the version it named over the ones since. */
export interface MergedInfo {
  base: number;
  over: number[];
}

/**
 * One conflicting region of a 409 to a write with `Prefer: merge`, as the JSON of
 * @tandem/conflict's ConflictChunk: where the write and the newer versions changed the same
 * lines differently. Lines keep their terminators; the starts are 0-based line indexes.
 */
export interface ConflictChunkView {
  kind: "conflict";
  /** Stable across recomputed merges: key per-conflict choices by it. */
  id: string;
  base: string[];
  mine: string[];
  theirs: string[];
  baseStart: number;
  mineStart: number;
  theirsStart: number;
  eol: "\n" | "\r\n";
}

/** A 409 merge conflict's `conflicts`: the conflicting regions of each field. Nothing was applied. */
export interface MergeConflicts {
  title: ConflictChunkView[];
  content: ConflictChunkView[];
}

export interface DocumentSummary {
  id: string;
  title: string;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  updatedById: string | null;
  /** The caller's role on the document. */
  role: Role;
}

export const REVISION_KINDS = ["create", "update", "delete", "recreate"] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

export interface RevisionSummary {
  version: number;
  title: string;
  kind: RevisionKind;
  author: string | null;
  authorId: string | null;
  /** Why this revision was made, in its author's words; null when none was given. */
  summary: string | null;
  createdAt: string;
  etag: string;
  deleted: boolean;
}

export interface Revision extends Omit<RevisionSummary, "etag"> {
  documentId: string;
  content: string;
  etag: string;
}

export interface DocumentInput {
  title: string;
  content: string;
  /**
   * An edit summary for the revision this write creates (PUT, PATCH, POST): one line, at most
   * SUMMARY_MAX_LENGTH characters; empty or absent means none.
   */
  summary?: string | null;
}

export interface DeletedInfo {
  version: number;
  deletedAt: string | null;
  deletedBy: string | null;
}

/**
 * A piece of a document's text around what a search found. `highlights` are [start, end)
 * offsets (UTF-16 code units) into `text` of the words that matched: the text is plain text,
 * never markup, so a client renders it escaped and marks the ranges itself.
 */
export interface SearchSnippet {
  text: string;
  highlights: [number, number][];
}

/** One result of `GET /api/documents?q=`: best match first. */
export interface SearchHit extends DocumentSummary {
  snippet: SearchSnippet;
}
