import { AppError } from "../errors";

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export function requireJson(request: Request): void {
  if (!JSON_TYPE.test(request.headers.get("content-type") ?? "")) {
    throw new AppError("unsupported-media-type", "Send the body as JSON with Content-Type: application/json.", {}, { Accept: "application/json" });
  }
}

function tooLarge(limit: number): AppError {
  return new AppError("payload-too-large", `The request body exceeds the limit of ${limit} bytes.`, { limit });
}

/**
 * Reads and parses a JSON body of at most `limit` bytes. A declared Content-Length over the
 * limit is refused before reading; a chunked body is counted while it streams and abandoned
 * at the first byte over the limit, so an oversized upload is never held in memory.
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) throw new AppError("invalid-json", "The request has no body.");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid-json", "The request body is not valid UTF-8.");
  }
  if (text.trim() === "") throw new AppError("invalid-json", "The request body is empty.");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("invalid-json", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
