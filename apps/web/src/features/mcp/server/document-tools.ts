// What the MCP tools do, for one caller: the documents API's own use cases, access rules and
// write path (compare-and-set on the agent's base, merged over newer versions), without HTTP.
// Every refusal is the AppError the HTTP API would send.
import { isValidDocumentId, PAGE_LIMIT_MAX, type DocumentSummary, type DocumentView, type SearchHit } from "@tandem/contract";
import { database } from "../../../platform/database.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/http/caller.ts";
import { etagHeader } from "../../../platform/http/validators.ts";
import type { WriteGuard } from "../../documents/server/compare-and-set.ts";
import { createDocument } from "../../documents/server/create-document.ts";
import { noSuchId } from "../../documents/server/document-errors.ts";
import { documentInput, documentMergePatch, parseInput } from "../../documents/server/document-input.ts";
import { audited, writer } from "../../documents/server/document-routes.ts";
import { requireAccess } from "../../documents/server/guard-access.ts";
import { listDocuments, searchDocuments } from "../../documents/server/list-documents.ts";
import { encodeCursor } from "../../documents/server/page-cursor.ts";
import { parseListParams } from "../../documents/server/page-params.ts";
import { patchDocument } from "../../documents/server/patch-document.ts";
import { toView } from "../../documents/server/presenters.ts";
import { readDocument } from "../../documents/server/read-document.ts";
import { readRevision } from "../../documents/server/read-revision.ts";

/** A document with its validator: what an agent edits from. */
export interface VersionedDocument extends DocumentView {
  /** The ETag, quotes included (what edit_document takes as its base). */
  etag: string;
}

export type EditOutcome =
  | { status: "written" | "merged"; document: VersionedDocument; merged: { base: number; over: number[] } | null }
  | { status: "conflict"; applied: false; current: VersionedDocument; conflicts: unknown };

const UNCONDITIONAL = { conditional: false, evaluate: () => "proceed" as const, withBody: true };

/** The caller as the HTTP API would see them on document `id`: with their role on it. */
async function onDocument(caller: Caller, id: string): Promise<Caller> {
  if (!isValidDocumentId(id)) throw noSuchId();
  return { ...caller, role: await database().members.roleOf(id, caller.userId) };
}

const versioned = (view: DocumentView, opaque: string): VersionedDocument => ({ ...view, etag: etagHeader(opaque) });

/** One page of a list for an agent: the rows, and the cursor of the next page (null: the last). */
export interface ToolPage<T> {
  items: T[];
  cursor: string | null;
}

/** The HTTP API's own parameter rules (a malformed cursor is the same 400), at the largest page. */
function pageOf(query: string | null, cursor: string | undefined) {
  const params = new URLSearchParams({ limit: String(PAGE_LIMIT_MAX) });
  if (query !== null) params.set("q", query);
  if (cursor !== undefined) params.set("cursor", cursor);
  return parseListParams(params.toString());
}

export async function listFor(caller: Caller, cursor?: string): Promise<ToolPage<DocumentSummary>> {
  const { page } = pageOf(null, cursor);
  const found = await listDocuments(caller.userId, { limit: page.limit, after: page.after?.kind === "list" ? page.after : null });
  return { items: found.items, cursor: found.next && encodeCursor(found.next) };
}

/** The API's full-text search (title and content, best match first, with snippets). */
export async function searchFor(caller: Caller, query: string, cursor?: string): Promise<ToolPage<SearchHit>> {
  const { q, page } = pageOf(query, cursor);
  if (q === null) return { items: [], cursor: null };
  const found = await searchDocuments(caller.userId, q, { limit: page.limit, after: page.after?.kind === "search" ? page.after : null });
  return { items: found.items, cursor: found.next && encodeCursor(found.next) };
}

export async function readFor(caller: Caller, id: string): Promise<VersionedDocument> {
  const member = await onDocument(caller, id);
  requireAccess("read", member, id);
  const result = await readDocument(id, UNCONDITIONAL);
  if (result.kind !== "document") throw new Error("an unconditional read returned no document");
  return versioned(toView(result.row), result.row.etag);
}

export async function createFor(caller: Caller, input: unknown): Promise<VersionedDocument> {
  const row = await createDocument(parseInput(documentInput, input), { id: caller.userId, name: caller.name });
  return versioned(toView(row), row.etag);
}

export interface EditInput {
  id: string;
  /** The version the agent read (its revision's ETag is the base)… */
  baseVersion?: number | undefined;
  /** …or that version's ETag, with or without quotes. */
  etag?: string | undefined;
  title?: string | undefined;
  content?: string | undefined;
  summary?: string | undefined;
}

/** The opaque tag of the agent's base: the ETag it sent, or the named revision's. */
async function baseTag(id: string, input: EditInput): Promise<string> {
  if (input.etag !== undefined) {
    const opaque = /^(?:W\/)?"(.*)"$/.exec(input.etag.trim())?.[1] ?? input.etag.trim();
    if (opaque === "" || /["\s]/.test(opaque)) throw new AppError("validation-failed", "etag: must be the ETag read_document returned.", { errors: [{ path: "etag", message: "not an ETag" }] });
    return opaque;
  }
  if (input.baseVersion === undefined) throw new AppError("validation-failed", "Name the version the edit is based on: baseVersion or etag.", { errors: [{ path: "baseVersion", message: "required (or etag)" }] });
  return (await readRevision(id, input.baseVersion)).etag;
}

/**
 * An edit based on what the agent read: applied as it is when nobody wrote since, merged over
 * the newer versions when the changes do not overlap, and refused with the conflicts (nothing
 * applied) when they do. Never an overwrite: exactly PATCH with If-Match and Prefer: merge.
 */
export async function editFor(caller: Caller, input: EditInput): Promise<EditOutcome> {
  const member = await onDocument(caller, input.id);
  requireAccess("write", member, input.id);
  const patch = parseInput(documentMergePatch, { ...(input.title === undefined ? {} : { title: input.title }), ...(input.content === undefined ? {} : { content: input.content }), ...(input.summary === undefined ? {} : { summary: input.summary }) });
  const base = await baseTag(input.id, input);
  const guard: WriteGuard = { expectedEtag: base, pinned: true, admits: (current) => current?.etag === base, mayCreate: false, merge: true };
  try {
    const result = await audited({ header: () => null }, member, input.id, guard, () => patchDocument(input.id, patch, guard, writer(member, input.id, false)), false);
    return { status: result.merged ? "merged" : "written", document: versioned(toView(result.row), result.row.etag), merged: result.merged ?? null };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "conflict" || !error.extensions.conflicts) throw error;
    const current = error.extensions.current as DocumentView;
    return { status: "conflict", applied: false, current: { ...current, etag: error.headers.ETag! }, conflicts: error.extensions.conflicts };
  }
}
