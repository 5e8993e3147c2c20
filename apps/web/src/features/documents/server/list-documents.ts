import type { DocumentSummary } from "@tandem/contract";
import { documents } from "./documents.ts";
import { toSummary } from "./presenters.ts";

/** Every live document the user is a member of, most recently changed first. */
export async function listDocuments(userId: string): Promise<DocumentSummary[]> {
  return (await documents().listLive(userId)).map(toSummary);
}
