// A route's query string, validated by the zod object that also documents it in the OpenAPI
// document (features/api-reference): what the reference says is what the server checks.
import type { z } from "zod";
import { AppError } from "../errors.ts";

type QueryShape = Record<string, z.ZodType<string | undefined>>;

/**
 * The parameters `schema` names (others are ignored, as a browser's cache-busters are), each
 * given at most once — which one would count? — and each valid, or a 400 naming the parameter.
 * Only the schema's own names are read, so a long query string costs no more than a short one.
 */
export function parseQuery<S extends z.ZodObject<QueryShape>>(schema: S, search: string): z.output<S> {
  const params = new URLSearchParams(search);
  const given: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const values = params.getAll(name);
    if (values.length > 1) throw new AppError("bad-request", `Give \`${name}\` at most once.`, { parameter: name });
    if (values.length === 1) given[name] = values[0]!;
  }
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new AppError("bad-request", issue.message, { parameter: String(issue.path[0]) });
}
