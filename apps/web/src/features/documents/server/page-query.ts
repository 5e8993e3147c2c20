// The query parameters of the paged lists, as zod objects: page-params.ts validates requests
// with them and the OpenAPI document (features/api-reference) describes them from them.
import { LIST_PARAMS, PAGE_CURSOR_MAX_LENGTH, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, REVISION_ORDERS, SEARCH_QUERY_MAX_LENGTH } from "@tandem/contract";
import { z } from "zod";

const LIMIT_MESSAGE = `\`limit\` must be a whole number from 1 to ${PAGE_LIMIT_MAX}.`;
export const CURSOR_MESSAGE = "`cursor` is not one this list gave out: follow the Link header's rel=\"next\" URL as it is.";
const Q_MESSAGE = `\`q\` may hold at most ${SEARCH_QUERY_MAX_LENGTH} characters.`;

const pageShape = {
  [LIST_PARAMS.limit]: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, LIMIT_MESSAGE)
    .refine((raw) => Number(raw) <= PAGE_LIMIT_MAX, LIMIT_MESSAGE)
    .optional()
    .meta({ description: `Rows per page, 1 to ${PAGE_LIMIT_MAX} (default ${PAGE_LIMIT_DEFAULT}).`, example: "50" }),
  [LIST_PARAMS.cursor]: z
    .string()
    .min(1, CURSOR_MESSAGE)
    .max(PAGE_CURSOR_MAX_LENGTH, CURSOR_MESSAGE)
    .optional()
    .meta({ description: "Where the page starts: take it from the previous page's `Link: <…>; rel=\"next\"` URL as it is." }),
};

/** GET /api/documents: `q` is counted in characters (code points), as a person counts them. */
export const listQuery = z.object({
  [LIST_PARAMS.query]: z
    .string()
    .refine((raw) => [...raw].length <= SEARCH_QUERY_MAX_LENGTH, Q_MESSAGE)
    .optional()
    .meta({ maxLength: SEARCH_QUERY_MAX_LENGTH, description: `Full-text search of title and content, at most ${SEARCH_QUERY_MAX_LENGTH} characters: every word must occur; best match first, each row with a \`snippet\`.`, example: "release notes" }),
  ...pageShape,
});

/** GET /api/documents/:id/revisions: a cursor goes on in the order it was made in. */
export const revisionsQuery = z.object({
  [LIST_PARAMS.order]: z
    .enum(REVISION_ORDERS, { error: "`order` takes oldest or newest." })
    .optional()
    .meta({ description: "`oldest` first (the default) or `newest` first; the next page's URL keeps it.", example: "newest" }),
  ...pageShape,
});
