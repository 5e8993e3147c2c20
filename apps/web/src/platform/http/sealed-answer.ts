// An idempotent answer that holds a secret (a new token, an invitation link) is kept sealed:
// AES-256-GCM under a key derived from the server's secret, bound to the user and the
// Idempotency-Key, so the database alone never holds a usable token (tokens are kept only as
// SHA-256). A replay opens it again; a record sealed under another secret cannot be opened.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const PREFIX = "sealed:v1:";

function keyOf(secret: string, userId: string, key: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, `${userId}\n${key}`, "tandem idempotent answer", 32));
}

export function sealAnswer(body: string | null, secret: string, userId: string, key: string): string | null {
  if (body === null) return null;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret, userId, key), iv);
  const sealed = Buffer.concat([cipher.update(body, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
}

/** The body as it was sealed; one that was never sealed is returned as it is. Throws when it cannot be opened. */
export function openAnswer(body: string | null, secret: string, userId: string, key: string): string | null {
  if (body === null || !body.startsWith(PREFIX)) return body;
  const bytes = Buffer.from(body.slice(PREFIX.length), "base64");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secret, userId, key), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
}
