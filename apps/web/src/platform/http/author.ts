import { AUTHOR_MAX_LENGTH } from "@tandem/contract";
import { AppError } from "../errors.ts";

/**
 * X-Author: an optional display name until accounts exist. Header values travel as bytes;
 * browsers can only send Latin-1, so UTF-8 names may arrive percent-encoded
 * (encodeURIComponent) or as raw UTF-8 bytes, which Node hands over as Latin-1 characters.
 */
export function parseAuthor(raw: string | null): string | null {
  if (raw === null) return null;
  let value = raw.trim();
  if (value === "") return null;
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      value = decodeURIComponent(value);
    } catch {
      throw new AppError("invalid-header", "X-Author has a malformed percent-encoding.");
    }
  } else if (/[\u0080-\u00ff]/.test(value)) {
    const bytes = Buffer.from(value, "latin1");
    const decoded = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    if (!decoded.includes("\ufffd")) value = decoded;
  }
  value = value.trim().normalize("NFC");
  if ([...value].length > AUTHOR_MAX_LENGTH) {
    throw new AppError("invalid-header", `X-Author must be at most ${AUTHOR_MAX_LENGTH} characters.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value) || !value.isWellFormed()) {
    throw new AppError("invalid-header", "X-Author must not contain control characters.");
  }
  return value === "" ? null : value;
}
