// Membership API: who may see and change a document. Parse → check → use case → presenter.
import { isValidDocumentId } from "@tandem/contract";
import { env } from "../../../platform/env.ts";
import { AppError } from "../../../platform/errors.ts";
import type { ApiRoutes } from "../../../platform/http/api-handler.ts";
import { empty, headOf, json } from "../../../platform/http/api-request.ts";
import { readJsonBody, requireJson } from "../../../platform/http/read-body.ts";
import { writeRoute } from "../../../platform/http/write-route.ts";
import { parseInput } from "../../documents/server/document-input.ts";
import { noSuchId } from "../../documents/server/document-errors.ts";
import { requireAccess } from "../../documents/server/guard-access.ts";
import { listMembers } from "./list-members.ts";
import { memberEmail, shareInput } from "./member-input.ts";
import { shareDocument } from "./share-document.ts";
import { unshareDocument } from "./unshare-document.ts";

const NO_STORE = { "Cache-Control": "private, no-cache" };

function documentId(raw: string): string {
  if (!isValidDocumentId(raw)) throw noSuchId();
  return raw;
}

function emailParam(raw: string): string {
  const email = memberEmail(raw);
  if (!email) throw new AppError("validation-failed", "That is not an email address.", { errors: [{ path: "email", message: "not an email address" }] });
  return email;
}

export const memberRoutes: ApiRoutes = {
  documentMembers: {
    async GET(_request, params, caller) {
      const id = documentId(params.id!);
      requireAccess("read", caller, id);
      return json(await listMembers(id), { headers: NO_STORE });
    },
    async HEAD(_request, params, caller) {
      requireAccess("read", caller, documentId(params.id!));
      return headOf(NO_STORE);
    },
  },
  documentMember: {
    PUT: writeRoute(async (request, params, caller, dryRun) => {
      const id = documentId(params.id!);
      requireAccess("share", caller, id);
      const email = emailParam(params.email!);
      requireJson(request);
      const { role } = parseInput(shareInput, await readJsonBody(request, Math.min(env().MAX_BODY_BYTES, 4096)));
      const { member, created } = await shareDocument(id, email, role, { id: caller.userId, name: caller.name }, dryRun);
      return json(member, { status: created ? 201 : 200 });
    }),
    DELETE: writeRoute(async (_request, params, caller, dryRun) => {
      const id = documentId(params.id!);
      requireAccess("share", caller, id);
      await unshareDocument(id, emailParam(params.email!), { id: caller.userId, name: caller.name }, dryRun);
      return empty(204);
    }),
  },
};
