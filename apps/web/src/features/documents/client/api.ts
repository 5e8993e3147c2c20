import { DocumentsClient } from "@tandem/client";
import { getName } from "@/lib/identity.ts";

/** The browser's one API client: same origin, X-Author from the name field. */
export const api = new DocumentsClient({ baseUrl: "", author: () => getName() || null });
