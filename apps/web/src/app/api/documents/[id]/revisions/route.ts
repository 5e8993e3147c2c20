import { AppError } from "@/server/errors";
import { listRevisions } from "@/server/documents/service";
import { isValidId } from "@/server/http/ids";
import { ALLOWED } from "@/server/http/allowed-methods";
import { json, methodNotAllowed, options, route } from "@/server/http/route";

type Params = { id: string };
const ALLOW = ALLOWED.readOnly;

function handler(withBody: boolean) {
  return route<Params>(async (_request, { id }) => {
    if (!isValidId(id)) throw new AppError("not-found", "There is no document with this id.");
    const { revisions } = await listRevisions(id);
    const body = revisions.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), deleted: r.kind === "delete" }));
    const headers = { "Cache-Control": "private, no-cache" };
    return withBody ? json(body, { headers }) : new Response(null, { headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });
  });
}

export const GET = handler(true);
export const HEAD = handler(false);
export const PUT = methodNotAllowed(ALLOW);
export const PATCH = methodNotAllowed(ALLOW);
export const POST = methodNotAllowed(ALLOW);
export const DELETE = methodNotAllowed(ALLOW);
export const OPTIONS = options(ALLOW);
