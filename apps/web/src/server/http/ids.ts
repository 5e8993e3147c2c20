import { randomUUID } from "node:crypto";

// Client-made ids (offline drafts) share the URL space with server-made UUIDs: URL-safe,
// bounded, nothing to escape in a path segment, a header or a log line.
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isValidId(id: string): boolean {
  return ID.test(id);
}

export function newId(): string {
  return randomUUID();
}

export const ID_RULE = "1–64 characters of A–Z, a–z, 0–9, '-' and '_', starting with a letter or digit";
