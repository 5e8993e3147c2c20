import { env } from "@/server/env";
import { documentInput, parseInput } from "@/server/documents/input";
import { createDocument, listDocuments } from "@/server/documents/service";
import { toView } from "@/server/documents/view";
import { parseAuthor } from "@/server/http/author";
import { readJsonBody, requireJson } from "@/server/http/read-body";
import { ALLOWED } from "@/server/http/allowed-methods";
import { json, methodNotAllowed, options, route, validatorHeaders } from "@/server/http/route";

const ALLOW = ALLOWED.collection;

async function list() {
  const documents = await listDocuments();
  return documents.map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString() }));
}

export const GET = route(async () => json(await list(), { headers: { "Cache-Control": "private, no-cache" } }));

export const HEAD = route(async () => {
  await listDocuments();
  return new Response(null, { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-cache" } });
});

export const POST = route(async (request) => {
  const author = parseAuthor(request.headers.get("x-author"));
  requireJson(request);
  const input = parseInput(documentInput, await readJsonBody(request, env().MAX_BODY_BYTES));
  const row = await createDocument(input, author);
  return json(toView(row), { status: 201, headers: { ...validatorHeaders(row), Location: `/api/documents/${row.id}` } });
});

export const PUT = methodNotAllowed(ALLOW);
export const PATCH = methodNotAllowed(ALLOW);
export const DELETE = methodNotAllowed(ALLOW);
export const OPTIONS = options(ALLOW);
