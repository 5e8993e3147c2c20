import { purgePath } from "@tandem/contract";
import { requestNoContent } from "@/features/sharing/client/request.ts";

/** Erases a deleted document's history for good (owner or admin; 204). */
export async function purgeDocument(id: string): Promise<void> {
  await requestNoContent("POST", purgePath(id));
}
