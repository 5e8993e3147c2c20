import { EMAIL_MAX_LENGTH, SHARE_ROLES } from "@tandem/contract";
import { z } from "zod";

export const shareInput = z.object({ role: z.enum(SHARE_ROLES) }).strict();

/** The `:email` of a member path, normalised as accounts store it; null when it cannot be one. */
export function memberEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return email.length <= EMAIL_MAX_LENGTH && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}
