import { ROUTES, type CreatedInvitation } from "@tandem/contract";
import { requestJson } from "./request-json.ts";

export function createInvitation(email: string): Promise<CreatedInvitation> {
  return requestJson<CreatedInvitation>(ROUTES.invitations.pattern, { method: "POST", body: { email } });
}
