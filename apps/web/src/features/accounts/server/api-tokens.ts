import { createHash, randomBytes } from "node:crypto";
import { API_TOKEN_PREFIX } from "@tandem/contract";

/** 256 random bits: nothing to guess, so a fast hash (not a password hash) is the right store. */
export function newApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
