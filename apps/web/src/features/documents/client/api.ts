import { DocumentsClient } from "@tandem/client";
import { withConflictHeaders } from "./conflict-headers.ts";

/**
 * The browser's one API client: same origin, so the session cookie goes with every request
 * and the server names the signed-in account as the author of each write.
 */
export const api = new DocumentsClient({
  baseUrl: "",
  // Carries the conflict ids of 412s and of the saves that resolve them (see conflict-headers).
  fetch: withConflictHeaders((input, init) => globalThis.fetch(input, init)),
});
