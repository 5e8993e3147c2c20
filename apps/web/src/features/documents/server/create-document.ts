import { randomUUID } from "node:crypto";
import type { DocumentRow } from "@tandem/db";
import { documents } from "./documents.ts";
import type { DocumentInput } from "./document-input.ts";
import { newStamp, type Author } from "./stamp.ts";

/** POST: a new document under a server-made id, at version 1, with its first revision; the author owns it. */
export async function createDocument({ summary, ...input }: DocumentInput, author: Author, dryRun = false): Promise<DocumentRow> {
  const row = await documents({ dryRun }).insert(randomUUID(), input, newStamp(1, author, summary));
  // A random UUID that is already taken is not a race anyone can lose: it does not happen.
  if (!row) throw new Error("a freshly made document id was already taken");
  return row;
}
