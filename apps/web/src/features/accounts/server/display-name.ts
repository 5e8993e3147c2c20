import { NAME_MAX_LENGTH, UNSAFE_DISPLAY_CHARACTERS } from "@tandem/contract";

// A name is shown to other people in notices, the merge dialog and the audit trail: control
// characters and bidirectional overrides (U+202E makes "Ann" read as something else) are
// refused, not stripped, so what someone typed is what everyone sees.

/** Why this display name is refused, or null when it is fine. */
export function displayNameProblem(name: unknown): string | null {
  if (typeof name !== "string") return "a name is required";
  const trimmed = name.trim();
  if (trimmed.length === 0) return "a name is required";
  if (trimmed.length > NAME_MAX_LENGTH) return `a name has at most ${NAME_MAX_LENGTH} characters`;
  if (UNSAFE_DISPLAY_CHARACTERS.test(trimmed)) return "a name cannot hold control or text-direction characters";
  return null;
}
