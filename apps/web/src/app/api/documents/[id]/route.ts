import { hasWritePrecondition } from "@tandem/http-preconditions";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { documentInput, documentMergePatch, parseInput } from "@/server/documents/input";
import { preconditionRequired } from "@/server/documents/outcomes";
import { deleteDocument, patchDocument, readDocument, replaceDocument } from "@/server/documents/service";
import { toView } from "@/server/documents/view";
import { parseAuthor } from "@/server/http/author";
import { ID_RULE, isValidId } from "@/server/http/ids";
import { mediaType, readJsonBody, requireJson } from "@/server/http/read-body";
import { ALLOWED } from "@/server/http/allowed-methods";
import { json, methodNotAllowed, options, preconditionsOf, route, validatorHeaders } from "@/server/http/route";

type Params = { id: string };

const ALLOW = ALLOWED.document;
const MERGE_PATCH = "application/merge-patch+json";

/** An id that can never exist is a 404 without touching the database. */
function existingId(id: string): string {
  if (!isValidId(id)) throw new AppError("not-found", "There is no document with this id.");
  return id;
}

function read(method: "GET" | "HEAD") {
  return route<Params>(async (request, params) => {
    const id = existingId(params.id);
    const result = await readDocument(id, preconditionsOf(request), method);
    if (result.kind === "not-modified") return new Response(null, { status: 304, headers: validatorHeaders(result.meta) });
    if (result.kind === "meta") {
      return new Response(null, { headers: { "Content-Type": "application/json; charset=utf-8", ...validatorHeaders(result.meta) } });
    }
    return json(toView(result.row), { headers: validatorHeaders(result.row) });
  });
}

/** Common opening of every write: preconditions first (400/428), then the author header. */
function writeContext(request: Request, method: "PUT" | "PATCH" | "DELETE") {
  const pre = preconditionsOf(request);
  if (!hasWritePrecondition(pre)) throw preconditionRequired();
  return { method, pre, author: parseAuthor(request.headers.get("x-author")) };
}

export const GET = read("GET");
export const HEAD = read("HEAD");

export const PUT = route<Params>(async (request, params) => {
  const ctx = writeContext(request, "PUT");
  const creating = ctx.pre.ifNoneMatch !== null && ctx.pre.ifMatch === null;
  if (creating && !isValidId(params.id)) {
    throw new AppError("bad-request", `A document id must be ${ID_RULE}.`);
  }
  const id = existingId(params.id);
  requireJson(request);
  const input = parseInput(documentInput, await readJsonBody(request, env().MAX_BODY_BYTES));
  const { row, created } = await replaceDocument(id, input, ctx);
  const headers = { ...validatorHeaders(row), ...(created ? { Location: `/api/documents/${row.id}` } : {}) };
  return json(toView(row), { status: created ? 201 : 200, headers });
});

export const PATCH = route<Params>(async (request, params) => {
  const ctx = writeContext(request, "PATCH");
  const id = existingId(params.id);
  if (mediaType(request) !== MERGE_PATCH) {
    throw new AppError("unsupported-media-type", `PATCH takes a JSON merge patch (RFC 7396): Content-Type: ${MERGE_PATCH}.`, {}, { "Accept-Patch": MERGE_PATCH });
  }
  const patch = parseInput(documentMergePatch, await readJsonBody(request, env().MAX_BODY_BYTES));
  const { row } = await patchDocument(id, patch, ctx);
  return json(toView(row), { headers: validatorHeaders(row) });
});

export const DELETE = route<Params>(async (request, params) => {
  const ctx = writeContext(request, "DELETE");
  await deleteDocument(existingId(params.id), ctx);
  return new Response(null, { status: 204 });
});

export const POST = methodNotAllowed(ALLOW);
export const OPTIONS = options(ALLOW, { "Accept-Patch": MERGE_PATCH });
