import { evaluatePreconditions } from "@tandem/http-preconditions";
import { AppError } from "@/server/errors";
import { getRevision } from "@/server/documents/service";
import { etagHeader, strongTag } from "@/server/documents/view";
import { isValidId } from "@/server/http/ids";
import { ALLOWED } from "@/server/http/allowed-methods";
import { json, methodNotAllowed, options, preconditionsOf, route } from "@/server/http/route";

type Params = { id: string; version: string };
const ALLOW = ALLOWED.readOnly;

function handler(method: "GET" | "HEAD") {
  return route<Params>(async (request, { id, version }) => {
    if (!isValidId(id) || !/^[1-9][0-9]{0,8}$/.test(version)) {
      throw new AppError("not-found", "There is no such revision.");
    }
    const pre = preconditionsOf(request);
    const revision = await getRevision(id, Number(version));
    const headers = {
      ETag: etagHeader(revision.etag),
      // A revision never changes: any cache may keep it for good.
      "Cache-Control": "private, max-age=31536000, immutable",
      "Last-Modified": revision.createdAt.toUTCString(),
    };
    const outcome = evaluatePreconditions(pre, { etag: strongTag(revision.etag), lastModified: revision.createdAt }, method);
    if (outcome === "not-modified") return new Response(null, { status: 304, headers });
    if (outcome === "precondition-failed") throw new AppError("precondition-failed", "The revision does not match If-Match.");
    if (method === "HEAD") return new Response(null, { headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });
    const { id: _rowId, documentId, ...rest } = revision;
    return json({ documentId, ...rest, createdAt: revision.createdAt.toISOString(), deleted: revision.kind === "delete" }, { headers });
  });
}

export const GET = handler("GET");
export const HEAD = handler("HEAD");
export const PUT = methodNotAllowed(ALLOW);
export const PATCH = methodNotAllowed(ALLOW);
export const POST = methodNotAllowed(ALLOW);
export const DELETE = methodNotAllowed(ALLOW);
export const OPTIONS = options(ALLOW);
