import { SUMMARY_MAX_LENGTH, TITLE_MAX_LENGTH, UNSAFE_DISPLAY_CHARACTERS } from "@tandem/contract";
import { z } from "zod";
import { AppError } from "../../../platform/errors.ts";

// PostgreSQL text cannot hold U+0000 and UTF-8 cannot hold a lone surrogate: both are refused
// on every database, so SQLite and PostgreSQL accept exactly the same documents.
const storableText = z
  .string()
  .refine((s) => !s.includes("\u0000"), "must not contain the NUL character (U+0000)")
  .refine((s) => s.isWellFormed(), "must be well-formed Unicode (no lone surrogates)");

const title = storableText
  .refine((s) => [...s].length <= TITLE_MAX_LENGTH, `must be at most ${TITLE_MAX_LENGTH} characters`)
  .refine((s) => !/[\r\n]/.test(s), "must be a single line")
  // What the refinements say, for the OpenAPI document (JSON Schema counts code points too).
  .meta({ maxLength: TITLE_MAX_LENGTH, pattern: "^[^\\r\\n]*$" });

// An edit summary is shown to other people (history, notices, the 412): one line without
// control or text-direction characters, like a display name; refused, never stripped. Characters
// are code points. Surrounding spaces go; what is left empty (or null, or absent) is no summary.
const summary = z
  .string()
  .refine((s) => !UNSAFE_DISPLAY_CHARACTERS.test(s), "must be one line without control or text-direction characters")
  .transform((s) => s.trim())
  .refine((s) => [...s].length <= SUMMARY_MAX_LENGTH, `must be at most ${SUMMARY_MAX_LENGTH} characters`)
  .nullable()
  .optional()
  .transform((s) => (s ? s : null));

export const documentInput = z.strictObject({ title, content: storableText, summary });

/**
 * RFC 7396 merge patch of a document: members present replace, `null` would remove (refused).
 * `summary` describes the revision the patch makes, not a member of the document it changes.
 */
export const documentMergePatch = z
  .strictObject({ title: title.optional(), content: storableText.optional(), summary })
  .refine((p) => p.title !== undefined || p.content !== undefined, "the patch must change title or content");

export type DocumentInput = z.infer<typeof documentInput>;
export type DocumentPatch = z.infer<typeof documentMergePatch>;

export function parseInput<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({
    path: i.path.length ? i.path.join(".") : "(body)",
    message: i.code === "invalid_type" && i.input === null ? "cannot be null or removed" : i.message,
  }));
  throw new AppError(
    "validation-failed",
    errors.map((e) => `${e.path}: ${e.message}`).join("; "),
    { errors },
  );
}
