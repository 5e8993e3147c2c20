import { TandemHttpError, type Problem } from "@tandem/client";
import { JSON_MEDIA_TYPE } from "@tandem/contract";

/**
 * One JSON request to the API for the endpoints @tandem/client does not cover (members, me,
 * activity, purge). A failure throws TandemHttpError with the problem body, so a caller tells
 * a 422 from a 403 by `status` and shows the server's `detail` otherwise.
 */
export async function requestJson<T>(method: string, path: string, init: { body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await send(method, path, init);
  return (await res.json()) as T;
}

/** The same, for answers without a body (204). Returns the status, e.g. 201 added / 200 changed. */
export async function requestNoContent(method: string, path: string, init: { body?: unknown; signal?: AbortSignal } = {}): Promise<number> {
  const res = await send(method, path, init);
  await res.body?.cancel();
  return res.status;
}

async function send(method: string, path: string, { body, signal }: { body?: unknown; signal?: AbortSignal }): Promise<Response> {
  const headers: Record<string, string> = { Accept: JSON_MEDIA_TYPE };
  if (body !== undefined) headers["Content-Type"] = JSON_MEDIA_TYPE;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: "no-store" });
  if (res.ok) return res;
  let problem: Problem;
  try {
    problem = (await res.json()) as Problem;
  } catch {
    problem = { type: "about:blank", title: res.statusText, status: res.status, detail: `HTTP ${res.status}`, code: "http" };
  }
  throw new TandemHttpError(res.status, problem);
}
