// The documents API: parse → call the use case → map to a response. Preconditions become
// guards here, so the use cases below never see a header.
import { DIFF_MAX_HUNKS, DIFF_MEDIA_TYPE, DOCUMENT_ID_RULE, documentPath, isValidDocumentId, MERGE_PATCH_MEDIA_TYPE, MERGE_PREFERENCE, parseRevisionNumber, PREFERENCE_APPLIED_HEADER } from "@tandem/contract";
import { evaluatePreconditions, hasWritePrecondition, type Preconditions } from "@tandem/http-preconditions";
import { env } from "../../../platform/env.ts";
import { AppError } from "../../../platform/errors.ts";
import type { ApiRoutes } from "../../../platform/http/api-handler.ts";
import { empty, headOf, json, type ApiRequest } from "../../../platform/http/api-request.ts";
import type { Caller } from "../../../platform/http/caller.ts";
import { prefers } from "../../../platform/http/preferences.ts";
import { writeRoute } from "../../../platform/http/write-route.ts";
import { mediaType, readJsonBody, readTextBody, requireJson } from "../../../platform/http/read-body.ts";
import { etagHeader, preconditionsOf, strongTag, validatorHeaders } from "../../../platform/http/validators.ts";
import type { WriteGuard, WriteResult, Writer } from "./compare-and-set.ts";
import { createDocument } from "./create-document.ts";
import { deleteDocument } from "./delete-document.ts";
import { invalidDiff, noSuchId, preconditionRequired } from "./document-errors.ts";
import { parseUnifiedDiff } from "../diff-patch/unified-diff.ts";
import { patchDocumentWithDiff } from "./patch-document-with-diff.ts";
import { purgeDocument } from "./purge-document.ts";
import { documentInput, documentMergePatch, parseInput } from "./document-input.ts";
import { listDocuments, searchDocuments } from "./list-documents.ts";
import { listRevisions } from "./list-revisions.ts";
import { patchDocument } from "./patch-document.ts";
import { pageResponse } from "./page-response.ts";
import { parseListParams, parseRevisionParams } from "./page-params.ts";
import { toRevision, toView } from "./presenters.ts";
import { readDocument, type ReadGuard } from "./read-document.ts";
import { readRevision } from "./read-revision.ts";
import { replaceDocument } from "./replace-document.ts";
import { requireAccess } from "./guard-access.ts";
import { decideAccess } from "./document-access.ts";
import { database } from "../../../platform/database.ts";
import { notFound } from "./document-errors.ts";
import { versionOfEtag } from "./stamp.ts";
import { auditRefusal, auditWrite, resolutionClaim } from "./write-audit.ts";

/** What PATCH takes: a JSON merge patch of the fields, or a unified diff of the content. */
const ACCEPT_PATCH = `${MERGE_PATCH_MEDIA_TYPE}, ${DIFF_MEDIA_TYPE}`;

/** An id that can never exist is a 404 without touching the database. */
function existingId(id: string): string {
  if (!isValidDocumentId(id)) throw noSuchId();
  return id;
}

function readGuard(pre: Preconditions, method: "GET" | "HEAD"): ReadGuard {
  return {
    conditional: !!(pre.ifMatch || pre.ifNoneMatch || pre.ifModifiedSince || pre.ifUnmodifiedSince),
    evaluate: (current) => evaluatePreconditions(pre, { etag: strongTag(current.etag), lastModified: current.updatedAt }, method),
    withBody: method === "GET",
  };
}

/** Preconditions first (400, then 428), so a malformed or missing condition costs no body read. */
function writeGuard(request: ApiRequest, method: "PUT" | "PATCH" | "DELETE"): WriteGuard {
  const pre = preconditionsOf(request);
  if (!hasWritePrecondition(pre)) throw preconditionRequired();
  const only = pre.ifMatch && !pre.ifMatch.any && pre.ifMatch.tags.length === 1 ? pre.ifMatch.tags[0]! : null;
  return {
    expectedEtag: only && !only.weak && pre.ifNoneMatch === null ? only.opaque : null,
    pinned: pre.ifMatch !== null && !pre.ifMatch.any,
    admits: (current) => evaluatePreconditions(pre, current && { etag: strongTag(current.etag), lastModified: current.updatedAt }, method) === "proceed",
    mayCreate: method === "PUT" && pre.ifNoneMatch !== null && pre.ifMatch === null,
    merge: method !== "DELETE" && prefers(request, MERGE_PREFERENCE),
  };
}

/** A write's answer: the document, and how it was merged when Prefer: merge was applied. */
function written(result: WriteResult, status = 200) {
  const headers: Record<string, string> = { ...validatorHeaders(result.row), ...(result.created ? { Location: documentPath(result.row.id) } : {}) };
  if (!result.merged) return json(toView(result.row), { status, headers });
  return json({ ...toView(result.row), merged: result.merged }, { status, headers: { ...headers, [PREFERENCE_APPLIED_HEADER]: MERGE_PREFERENCE } });
}

/** The writer of a caller's write (the MCP tools write the same way). */
export function writer(caller: Caller, id: string, dryRun: boolean): Writer {
  return {
    id: caller.userId,
    name: caller.name,
    dryRun,
    seesDocument: caller.role !== null,
    async recheck() {
      const role = await database().members.roleOf(id, caller.userId);
      return role === null ? "none" : decideAccess("write", { role, isAdmin: false }) === "allow" ? "write" : "read";
    },
  };
}

/**
 * Runs a write for the caller: a refusal for staleness goes to the audit trail (and its id to
 * the client), a committed write too when it deletes, re-creates or resolves a conflict.
 */
export async function audited(request: Pick<ApiRequest, "header">, caller: Caller, id: string, guard: WriteGuard, write: () => Promise<WriteResult>, dryRun: boolean): Promise<WriteResult> {
  const claim = resolutionClaim(request);
  // A dry run happened to nobody: nothing for the trail.
  if (dryRun) return write();
  let result: WriteResult;
  try {
    result = await write();
  } catch (error) {
    return auditRefusal(error, caller, id, guard.expectedEtag === null ? null : versionOfEtag(guard.expectedEtag));
  }
  await auditWrite(result, caller, claim);
  return result;
}

/** PATCH text/x-diff: the diff names the version it was made against, so If-Match must name exactly one. */
async function patchWithDiff(request: ApiRequest, caller: Caller, id: string, guard: WriteGuard, dryRun: boolean): Promise<WriteResult> {
  const { expectedEtag } = guard;
  if (expectedEtag === null) {
    throw new AppError("precondition-required", `A ${DIFF_MEDIA_TYPE} patch applies to the content of one version: send If-Match with that version's ETag (one strong tag; not * nor a list).`, { requiredHeaders: ["If-Match"] });
  }
  const text = await readTextBody(request, env().MAX_BODY_BYTES);
  const parsed = parseUnifiedDiff(text ?? "", DIFF_MAX_HUNKS);
  if (!parsed.ok) throw invalidDiff(parsed.problem);
  return audited(request, caller, id, guard, () => patchDocumentWithDiff(id, parsed.hunks, { ...guard, expectedEtag }, writer(caller, id, dryRun), env().MAX_BODY_BYTES), dryRun);
}

function read(method: "GET" | "HEAD") {
  return async (request: ApiRequest, params: Record<string, string>, caller: Caller) => {
    const id = existingId(params.id!);
    requireAccess("read", caller, id);
    const result = await readDocument(id, readGuard(preconditionsOf(request), method));
    if (result.kind === "not-modified") return empty(304, validatorHeaders(result.meta));
    if (result.kind === "meta") return headOf(validatorHeaders(result.meta));
    return json(toView(result.row), { headers: validatorHeaders(result.row) });
  };
}

async function revisions(request: ApiRequest, params: Record<string, string>, caller: Caller) {
  const id = existingId(params.id!);
  requireAccess("read", caller, id);
  return pageResponse(request, await listRevisions(id, parseRevisionParams(request.search)));
}

function revision(method: "GET" | "HEAD") {
  return async (request: ApiRequest, params: Record<string, string>, caller: Caller) => {
    const version = parseRevisionNumber(params.version!);
    if (!isValidDocumentId(params.id!) || version === null) throw new AppError("not-found", "There is no such revision.");
    requireAccess("read", caller, params.id!);
    const pre = preconditionsOf(request);
    const row = await readRevision(params.id!, version);
    const headers = {
      ETag: etagHeader(row.etag),
      // A revision never changes: any cache may keep it for good.
      "Cache-Control": "private, max-age=31536000, immutable",
      "Last-Modified": row.createdAt.toUTCString(),
    };
    const outcome = evaluatePreconditions(pre, { etag: strongTag(row.etag), lastModified: row.createdAt }, method);
    if (outcome === "not-modified") return empty(304, headers);
    if (outcome === "precondition-failed") throw new AppError("precondition-failed", "The revision does not match If-Match.");
    return method === "GET" ? json(toRevision(row), { headers }) : headOf(headers);
  };
}

/** `?q=` searches, else the list; both in pages. */
async function list(request: ApiRequest, caller: Caller) {
  const { q, page } = parseListParams(request.search);
  const result =
    q === null
      ? await listDocuments(caller.userId, { limit: page.limit, after: page.after?.kind === "list" ? page.after : null })
      : await searchDocuments(caller.userId, q, { limit: page.limit, after: page.after?.kind === "search" ? page.after : null });
  return pageResponse(request, result);
}

export const documentRoutes: ApiRoutes = {
  documents: {
    GET: (request, _params, caller) => list(request, caller),
    HEAD: (request, _params, caller) => list(request, caller),
    POST: writeRoute(async (request, _params, caller, dryRun) => {
      requireJson(request);
      const input = parseInput(documentInput, await readJsonBody(request, env().MAX_BODY_BYTES));
      const row = await createDocument(input, { id: caller.userId, name: caller.name }, dryRun);
      return json(toView(row), { status: 201, headers: { ...validatorHeaders(row), Location: documentPath(row.id) } });
    }),
  },
  document: {
    GET: read("GET"),
    HEAD: read("HEAD"),
    PUT: writeRoute(async (request, params, caller, dryRun) => {
      // No role: the only PUT that can succeed creates the document under a free id.
      if (caller.role === null && request.header("if-none-match") === null) throw isValidDocumentId(params.id!) ? notFound(params.id!) : noSuchId();
      if (caller.role !== null) requireAccess("write", caller, params.id!);
      const guard = writeGuard(request, "PUT");
      if (guard.mayCreate && !isValidDocumentId(params.id!)) throw new AppError("bad-request", `A document id must be ${DOCUMENT_ID_RULE}.`);
      const id = existingId(params.id!);
      if (caller.role === null && !guard.mayCreate) throw notFound(id);
      requireJson(request);
      const input = parseInput(documentInput, await readJsonBody(request, env().MAX_BODY_BYTES));
      const result = await audited(request, caller, id, guard, () => replaceDocument(id, input, guard, writer(caller, id, dryRun)), dryRun);
      return written(result, result.created ? 201 : 200);
    }),
    PATCH: writeRoute(async (request, params, caller, dryRun) => {
      const id = existingId(params.id!);
      requireAccess("write", caller, id);
      const guard = writeGuard(request, "PATCH");
      const type = mediaType(request);
      if (type === DIFF_MEDIA_TYPE) return written(await patchWithDiff(request, caller, id, guard, dryRun));
      if (type !== MERGE_PATCH_MEDIA_TYPE) {
        throw new AppError("unsupported-media-type", `PATCH takes a JSON merge patch (RFC 7396, Content-Type: ${MERGE_PATCH_MEDIA_TYPE}) or a unified diff of the content (Content-Type: ${DIFF_MEDIA_TYPE}).`, {}, { "Accept-Patch": ACCEPT_PATCH });
      }
      const patch = parseInput(documentMergePatch, await readJsonBody(request, env().MAX_BODY_BYTES));
      return written(await audited(request, caller, id, guard, () => patchDocument(id, patch, guard, writer(caller, id, dryRun)), dryRun));
    }),
    DELETE: writeRoute(async (request, params, caller, dryRun) => {
      const id = existingId(params.id!);
      requireAccess("delete", caller, id);
      const guard = writeGuard(request, "DELETE");
      await audited(request, caller, id, guard, () => deleteDocument(id, guard, writer(caller, id, dryRun)), dryRun);
      return empty(204);
    }),
    optionsHeaders: { "Accept-Patch": ACCEPT_PATCH },
  },
  revisions: { GET: revisions, HEAD: revisions },
  documentPurge: {
    POST: writeRoute(async (_request, params, caller, dryRun) => {
      const id = existingId(params.id!);
      requireAccess("purge", caller, id);
      await purgeDocument(id, { id: caller.userId, name: caller.name }, caller.role !== null, dryRun);
      return empty(204);
    }),
  },
  revision: { GET: revision("GET"), HEAD: revision("HEAD") },
};

