// `/api/auth/*`: better-auth's endpoints, behind Tandem's own rules — only the endpoints Tandem
// uses (AUTH_ENDPOINTS), the sign-up policy first, the client's address from the connection,
// and sign-ins into the audit trail.
import { AUTH_BASE_PATH, AUTH_ENDPOINTS } from "@tandem/contract";
import { AppError, PROBLEM_HEADERS, type ErrorCode } from "../../../platform/errors.ts";
import type { ApiRequest, ApiResponse } from "../../../platform/http/api-request.ts";
import { readTextBody } from "../../../platform/http/read-body.ts";
import { recordAudit } from "../../audit/server/record-audit.ts";
import { accounts } from "./accounts.ts";
import { CLIENT_ADDRESS_HEADER } from "./session-cookie.ts";
import { checkSignupAllowed } from "./signup-policy.ts";
import { displayNameProblem } from "./display-name.ts";

const MAX_AUTH_BODY = 16 * 1024;
const FORWARDED = ["content-type", "cookie", "origin", "referer", "user-agent", "accept", "accept-language", "host", "sec-fetch-site"];

function jsonOf(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function authEndpoint(request: ApiRequest): Promise<ApiResponse> {
  const endpoint = request.pathname.slice(AUTH_BASE_PATH.length);
  if (!(AUTH_ENDPOINTS as readonly string[]).includes(endpoint)) throw new AppError("not-found", `No API resource at ${request.pathname}.`);
  const { auth } = await accounts();
  const body = request.method === "GET" || request.method === "HEAD" ? null : await readTextBody(request, MAX_AUTH_BODY);
  const input = jsonOf(body);
  if (endpoint === "/sign-up/email" && request.method === "POST") await checkSignupAllowed((name) => request.header(name), input?.email);
  if ((endpoint === "/sign-up/email" || (endpoint === "/update-user" && input && "name" in input)) && request.method === "POST") {
    const problem = displayNameProblem(input?.name);
    if (problem) throw new AppError("validation-failed", `Name: ${problem}.`, { errors: [{ path: "name", message: problem }] });
  }

  const headers = new Headers();
  for (const name of FORWARDED) {
    const value = request.header(name);
    if (value !== null) headers.set(name, value);
  }
  if (request.clientAddress) headers.set(CLIENT_ADDRESS_HEADER, request.clientAddress);
  const url = `http://${request.header("host") ?? "localhost"}${request.pathname}${request.search}`;
  const response = await auth.handler(new Request(url, { method: request.method, headers, body }));
  const text = await response.text();

  if (endpoint === "/sign-in/email" && request.method === "POST") await auditSignIn(response.status, jsonOf(text), input, request.clientAddress);
  // A sign-up signs the new account in: that is a sign-in too.
  if (endpoint === "/sign-up/email" && request.method === "POST" && response.status === 200) {
    const user = jsonOf(text)?.user as { id?: string; name?: string } | undefined;
    if (user?.id) await recordAudit({ type: "sign-in", actor: { id: user.id, name: user.name ?? "" }, detail: { address: request.clientAddress, signUp: true } });
  }
  if (response.status >= 400) return problemOf(response, text, request.pathname, request.requestId);
  const out: Record<string, string> = { "Cache-Control": "no-store" };
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") out[name] = value;
  });
  return { status: response.status, headers: out, body: text === "" ? null : text, cookies: response.headers.getSetCookie() };
}

const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  400: "bad-request",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  405: "method-not-allowed",
  409: "conflict",
  413: "payload-too-large",
  415: "unsupported-media-type",
  422: "validation-failed",
  429: "too-many-requests",
};

/**
 * The library's refusals (`{code, message}`) as Tandem's problem+json, like every other API
 * error; the library's own code stays in `authCode`, and a rate limit says when to retry.
 */
function problemOf(response: Response, text: string, instance: string, requestId: string): ApiResponse {
  const answer = jsonOf(text);
  const code = CODE_OF_STATUS[response.status] ?? (response.status >= 500 ? "internal" : "bad-request");
  const message = typeof answer?.message === "string" && response.status < 500 ? answer.message : "The request could not be completed.";
  const retryAfter = response.headers.get("x-retry-after") ?? response.headers.get("retry-after");
  const headers: Record<string, string> = retryAfter ? { "Retry-After": retryAfter } : {};
  const error = new AppError(code, message, typeof answer?.code === "string" ? { authCode: answer.code } : {}, headers);
  return { status: response.status, headers: { ...PROBLEM_HEADERS, ...error.headers }, body: JSON.stringify(error.toProblem(instance, requestId)), cookies: response.headers.getSetCookie() };
}

async function auditSignIn(status: number, answer: Record<string, unknown> | null, input: Record<string, unknown> | null, address: string | null): Promise<void> {
  const user = answer?.user as { id?: string; name?: string } | undefined;
  if (status === 200 && user?.id) {
    await recordAudit({ type: "sign-in", actor: { id: user.id, name: user.name ?? "" }, detail: { address } });
    return;
  }
  const email = typeof input?.email === "string" ? input.email.slice(0, 254).toLowerCase() : null;
  await recordAudit({ type: "sign-in-failed", actor: null, detail: { email, address, status, ...(status === 429 ? { reason: "rate-limited" } : {}) } });
}
