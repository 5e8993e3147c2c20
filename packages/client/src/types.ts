export interface DocumentView {
  id: string;
  title: string;
  content: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

/** A document state together with its strong validator. */
export interface Versioned {
  doc: DocumentView;
  /** The ETag header value, quotes included: what If-Match takes. */
  etag: string;
}

export interface DocumentSummary {
  id: string;
  title: string;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface RevisionSummary {
  version: number;
  title: string;
  kind: "create" | "update" | "delete" | "recreate";
  author: string | null;
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
}

export interface DeletedInfo {
  version: number;
  deletedAt: string | null;
  deletedBy: string | null;
}

/** RFC 9457 problem details as Tandem sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  current?: DocumentView | null;
  deleted?: DeletedInfo;
  [extension: string]: unknown;
}
