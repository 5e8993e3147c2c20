// A large document is saved as a unified diff against the version the save names (PATCH
// text/x-diff), so a one-line edit sends a few hundred bytes instead of all of it. Bounded: a
// diff that takes too long to compute, or is no smaller than the content, is not sent.
import { DIFF_SAVE_THRESHOLD_BYTES } from "@tandem/contract";
import { formatPatch, structuredPatch } from "diff";
import type { Side } from "./side.ts";

/** Long enough for any edit a person makes between saves; a rewrite beyond it goes whole. */
const DIFF_TIMEOUT_MS = 150;

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** The unified diff of the content from `base` to `next`; null if it takes too long to compute. */
export function contentDiff(base: string, next: string): string | null {
  const patch = structuredPatch("a/document.md", "b/document.md", base, next, undefined, undefined, { context: 3, timeout: DIFF_TIMEOUT_MS });
  if (!patch) return null;
  return formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true });
}

/** The content diff from `base` to `next`, or null when the save should send the whole document. */
export function diffForSave(base: Side, next: Side): string | null {
  // A diff carries the content only; a renamed document goes whole.
  if (base.title !== next.title || base.content === next.content) return null;
  const size = utf8Bytes(next.content);
  if (size <= DIFF_SAVE_THRESHOLD_BYTES) return null;
  const diff = contentDiff(base.content, next.content);
  return diff !== null && utf8Bytes(diff) < size ? diff : null;
}
