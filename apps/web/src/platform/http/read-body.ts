import { JSON_MEDIA_TYPE } from "@tandem/contract";
import { AppError } from "../errors.ts";
import type { ApiRequest } from "./api-request.ts";

type BodySource = Pick<ApiRequest, "header" | "body" | "abandonBody">;

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

export function mediaType(request: Pick<ApiRequest, "header">): string {
  return (request.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export function requireJson(request: Pick<ApiRequest, "header">): void {
  if (!JSON_TYPE.test(request.header("content-type") ?? "")) {
    throw new AppError("unsupported-media-type", `Send the body as JSON with Content-Type: ${JSON_MEDIA_TYPE}.`, {}, { Accept: JSON_MEDIA_TYPE });
  }
}

function tooLarge(request: BodySource, limit: number): AppError {
  request.abandonBody();
  return new AppError("payload-too-large", `The request body exceeds the limit of ${limit} bytes.`, { limit });
}

/** The body as UTF-8 text of at most `limit` bytes (same bounds as below), or null without one. */
export async function readTextBody(request: BodySource, limit: number): Promise<string | null> {
  const declared = request.header("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(request, limit);
  const body = request.body();
  if (!body) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(request, limit);
    chunks.push(chunk);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid-json", "The request body is not valid UTF-8.");
  }
}

/**
 * Reads and parses a JSON body of at most `limit` bytes. A declared Content-Length over the
 * limit is refused before reading; a chunked body is counted while it streams and abandoned
 * at the first byte over the limit, so an oversized upload is never held in memory.
 */
export async function readJsonBody(request: BodySource, limit: number): Promise<unknown> {
  const text = await readTextBody(request, limit);
  if (text === null) throw new AppError("invalid-json", "The request has no body.");
  if (text.trim() === "") throw new AppError("invalid-json", "The request body is empty.");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("invalid-json", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
