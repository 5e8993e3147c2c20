import { memberPath, membersPath, type Member, type ShareRole } from "@tandem/contract";
import { requestJson, requestNoContent } from "./request.ts";

export function fetchMembers(documentId: string, signal?: AbortSignal): Promise<Member[]> {
  return requestJson<Member[]>("GET", membersPath(documentId), { signal });
}

/** Adds the account with this email as a member, or changes its role. True when it was added. */
export async function putMember(documentId: string, email: string, role: ShareRole): Promise<{ added: boolean }> {
  const status = await requestNoContent("PUT", memberPath(documentId, email), { body: { role } });
  return { added: status === 201 };
}

export async function removeMember(documentId: string, email: string): Promise<void> {
  await requestNoContent("DELETE", memberPath(documentId, email));
}
