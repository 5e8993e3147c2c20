import type { DocumentSummary } from "@tandem/contract";
import { documents } from "./documents.ts";
import { toSummary } from "./presenters.ts";

/** Every live document, most recently changed first. */
export async function listDocuments(): Promise<DocumentSummary[]> {
  return (await documents().listLive()).map(toSummary);
}
