// The caller's own account: who they are, their tokens, the sign-up policy, invitations.
import { EMAIL_MAX_LENGTH, TOKEN_LABEL_MAX_LENGTH } from "@tandem/contract";
import { z } from "zod";
import { database } from "../../../platform/database.ts";
import { env } from "../../../platform/env.ts";
import { AppError } from "../../../platform/errors.ts";
import type { ApiRoutes } from "../../../platform/http/api-handler.ts";
import type { ApiRequest } from "../../../platform/http/api-request.ts";
import { empty, headOf, json } from "../../../platform/http/api-request.ts";
import { readJsonBody, requireJson } from "../../../platform/http/read-body.ts";
import { writeRoute } from "../../../platform/http/write-route.ts";
import { accounts } from "./accounts.ts";
import { parseInput } from "../../documents/server/document-input.ts";
import { createApiToken } from "./create-api-token.ts";
import { createInvitation } from "./create-invitation.ts";
import { toMe, toTokenSummary } from "./presenters.ts";
import { revokeApiToken } from "./revoke-api-token.ts";
import { signupPolicy } from "./signup-policy.ts";

const PRIVATE = { "Cache-Control": "private, no-cache" };
const SMALL_BODY = 4096;

export const tokenInput = z.object({ label: z.string().trim().min(1, "must not be empty").max(TOKEN_LABEL_MAX_LENGTH) }).strict();
export const invitationInput = z.object({ email: z.string().trim().toLowerCase().max(EMAIL_MAX_LENGTH).regex(/^[^\s@]+@[^\s@]+$/, "must be an email address") }).strict();

/** A new token or invitation link is a secret: an idempotent replay of one is kept sealed. */
const SECRET_ANSWER = { sealWith: async () => (await accounts()).secret };

function originOf(request: ApiRequest): string {
  return env().TANDEM_PUBLIC_URL ?? `http://${request.header("host") ?? "localhost"}`;
}

export const accountRoutes: ApiRoutes = {
  me: {
    GET: (_request, _params, caller) => json(toMe(caller), { headers: PRIVATE }),
    HEAD: () => headOf(PRIVATE),
  },
  tokens: {
    async GET(_request, _params, caller) {
      return json((await database().accounts.listTokens(caller.userId)).map(toTokenSummary), { headers: PRIVATE });
    },
    HEAD: () => headOf(PRIVATE),
    POST: writeRoute(async (request, _params, caller, dryRun) => {
      requireJson(request);
      const { label } = parseInput(tokenInput, await readJsonBody(request, SMALL_BODY));
      return json(await createApiToken({ id: caller.userId, name: caller.name }, label, dryRun), { status: 201, headers: { "Cache-Control": "no-store" } });
    }, SECRET_ANSWER),
  },
  token: {
    DELETE: writeRoute(async (_request, params, caller, dryRun) => {
      await revokeApiToken({ id: caller.userId, name: caller.name }, params.tokenId!, dryRun);
      return empty(204);
    }),
  },
  signup: {
    GET: async () => json(await signupPolicy(), { headers: { "Cache-Control": "no-store" } }),
    HEAD: () => headOf({ "Cache-Control": "no-store" }),
  },
  invitations: {
    POST: writeRoute(async (request, _params, caller, dryRun) => {
      if (!caller.isAdmin) throw new AppError("forbidden", "Only an administrator can invite people.");
      if (env().TANDEM_SIGNUP !== "invite") throw new AppError("conflict", `Invitations are for TANDEM_SIGNUP=invite; this Tandem's sign-up is ${env().TANDEM_SIGNUP}.`);
      requireJson(request);
      const { email } = parseInput(invitationInput, await readJsonBody(request, SMALL_BODY));
      return json(await createInvitation(email, { id: caller.userId }, originOf(request), dryRun), { status: 201, headers: { "Cache-Control": "no-store" } });
    }, SECRET_ANSWER),
  },
};
