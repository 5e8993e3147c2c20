// `GET /api/openapi.json`: the OpenAPI 3.1 document, generated (zod-to-openapi) from the route
// table, the operations table and the zod schemas the routes validate with. Built once per
// process: nothing in it changes while the server runs.
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import {
  DRY_RUN_HEADER,
  ERROR_STATUS,
  ERROR_TITLE,
  IDEMPOTENT_REPLAY_HEADER,
  JSON_MEDIA_TYPE,
  MERGE_PATCH_MEDIA_TYPE,
  PREFERENCE_APPLIED_HEADER,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  ROUTES,
  type ErrorCode,
  type Method,
  type RouteName,
} from "@tandem/contract";
import { z } from "zod";
import { COOKIE_PREFIX } from "../../accounts/server/session-cookie.ts";
import { registerAuthOperations } from "./auth-operations.ts";
import { EXAMPLES, OPERATIONS, type Operation, type Reply, type ResponseHeader } from "./operations.ts";
import { problem } from "./response-schemas.ts";

type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

export const SECURITY_SCHEMES = {
  bearerToken: { type: "http", scheme: "bearer", description: "A personal access token (`tdm_…`, made under Settings → Tokens or POST /api/tokens)." },
  sessionCookie: { type: "apiKey", in: "cookie", name: `${COOKIE_PREFIX}.session_token`, description: "The browser's session. Unsafe methods must come from Tandem's own pages (Origin / Sec-Fetch-Site)." },
} as const;

const HEADER_DOCS: Record<ResponseHeader | "Allow" | "Retry-After" | "WWW-Authenticate", string> = {
  ETag: 'The strong validator of the state sent (`"<version>.<random>"`): send it back in If-Match to write, in If-None-Match to re-read.',
  "Last-Modified": "When this state was written.",
  Location: "The document's URL.",
  "Cache-Control": "`private, no-cache` for documents and lists: a cache must revalidate (a stale copy is how edits get lost).",
  [PREFERENCE_APPLIED_HEADER]: "`merge`: the write was merged over newer versions (RFC 7240).",
  [IDEMPOTENT_REPLAY_HEADER]: "`true`: this is the stored answer to an earlier request with the same Idempotency-Key.",
  [DRY_RUN_HEADER]: "`true`: a dry run (`?dryRun=true`): nothing was stored.",
  "Accept-Patch": `\`${MERGE_PATCH_MEDIA_TYPE}\`: what PATCH takes.`,
  "Tandem-Conflict": "The id of a refusal for staleness; a later save that resolves it sends it back.",
  Allow: "The methods the resource takes.",
  Link: 'The next page of a list (RFC 8288): `<url>; rel="next"`; absent on the last page.',
  "Retry-After": "Seconds to wait before retrying.",
  "WWW-Authenticate": 'Bearer realm="tandem" (error="invalid_token" for a bad token).',
};

/** What each problem means, in the reference's words. */
const PROBLEM_DETAIL: Record<ErrorCode, string> = {
  "bad-request": "A malformed path, query parameter or X-Tandem-Retry header.",
  "invalid-json": "The body is not JSON.",
  "invalid-precondition": 'A malformed If-Match / If-None-Match: entity-tags are quoted, e.g. If-Match: "3.xyz".',
  "invalid-header": "A malformed header (e.g. Idempotency-Key).",
  "invalid-diff": "A text/x-diff body that is not one file's unified diff (as diff -u and git diff write it), or holds too many hunks.",
  "patch-does-not-apply": "A hunk of the text/x-diff body does not match the version If-Match names: `hunk`, `at`, `line`, `expected` and `found` say where.",
  unauthorized: "Sign in, or send a personal access token: Authorization: Bearer <token>.",
  forbidden: "Your role on this document does not allow this (or a cross-site cookie request).",
  "not-found": "No such document — or you may not see it: both answers are the same.",
  "method-not-allowed": "This resource does not take that method (see Allow).",
  "misdirected-request": "This server does not answer for that host name.",
  conflict: "Prefer: merge met a true conflict (nothing applied; `conflicts` and `current` say where), or the state does not allow this.",
  "idempotency-key-in-use": "A request with this Idempotency-Key is still being processed.",
  gone: "The document was deleted (`deleted` says by whom); PUT with If-None-Match: * re-creates it.",
  "precondition-failed": "The document changed since your copy: `current` is the document now, ETag its validator. Merge and resend.",
  "payload-too-large": "The body is larger than this server takes (MAX_BODY_BYTES).",
  "unsupported-media-type": "The body's Content-Type is not what this operation takes.",
  "validation-failed": "The body is JSON but not valid: `errors` lists every invalid member.",
  "idempotency-key-mismatch": "This Idempotency-Key was used for a different request.",
  "too-many-requests": "Too many open event streams for your account.",
  "precondition-required": "A write must be conditional: If-Match (or If-None-Match: * to create).",
  "service-unavailable": "The database is unreachable, or the document is written too often: retry after Retry-After.",
  internal: "An unexpected error (logged with the request id).",
};

/** Every operation may meet these: the host check, a failing server. */
const ALWAYS: ErrorCode[] = ["misdirected-request", "internal", "service-unavailable"];

const PROBLEM_HEADERS: Partial<Record<ErrorCode, (keyof typeof HEADER_DOCS)[]>> = {
  unauthorized: ["WWW-Authenticate"],
  "precondition-failed": ["ETag"],
  conflict: ["ETag"],
  "method-not-allowed": ["Allow"],
  "service-unavailable": ["Retry-After"],
  "too-many-requests": ["Retry-After"],
};

const CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function problemExample(code: ErrorCode, instance = "/api/documents/0b5c2a64-1d1c-4d0e-9f57-3b8f6c9f4a10"): Record<string, unknown> {
  const base = { type: `${PROBLEM_TYPE_BASE}${code}`, title: ERROR_TITLE[code], status: ERROR_STATUS[code], detail: PROBLEM_DETAIL[code], code, instance, requestId: "b3f1c2d4e5" };
  if (code === "precondition-failed") return { ...base, current: { ...EXAMPLES.document, version: 4 } };
  if (code === "conflict") {
    const chunk = { kind: "conflict", id: "c1", base: ["- Faster merges\n"], mine: ["- Much faster merges\n"], theirs: ["- Quicker merges\n"], baseStart: 2, mineStart: 2, theirsStart: 2, eol: "\n" };
    return { ...base, current: { ...EXAMPLES.document, version: 4 }, conflicts: { title: [], content: [chunk] } };
  }
  if (code === "validation-failed") return { ...base, errors: [{ path: "title", message: "must be a single line" }] };
  return base;
}

const headerRefs = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

function problemResponses(codes: readonly ErrorCode[]): Record<number, ResponseConfig> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, ...ALWAYS])) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const responses: Record<number, ResponseConfig> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      description: group.map((code) => `\`${code}\`: ${PROBLEM_DETAIL[code]}`).join("\n\n"),
      headers: headerRefs([...new Set(group.flatMap((code) => PROBLEM_HEADERS[code] ?? []))]),
      // Each problem's example is written once, under components, and referred to.
      content: { [PROBLEM_CONTENT_TYPE]: { schema: problem, examples: Object.fromEntries(group.map((code) => [code, { $ref: `#/components/examples/${code}` }])) } },
    };
  }
  return responses;
}

function replyOf(reply: Reply, withBody: boolean): ResponseConfig {
  const config: ResponseConfig = { description: reply.description, headers: headerRefs(reply.headers ?? []) };
  if (!reply.schema) return config;
  const media = reply.mediaType ?? JSON_MEDIA_TYPE;
  if (!withBody) return { ...config, description: `${reply.description} (Headers only.)` };
  const examples = reply.examples ? Object.fromEntries(Object.entries(reply.examples).map(([name, value]) => [name, { value }])) : undefined;
  return { ...config, content: { [media]: { schema: reply.schema, ...(examples ? { examples } : { example: reply.example }) } } };
}

/** `/api/documents/:id` → `/api/documents/{id}` */
export function openApiPath(pattern: string): string {
  return pattern.replace(/:([A-Za-z]+)/g, "{$1}");
}

const PARAM_DOCS: Record<string, string> = {
  id: "The document's id.",
  version: "A revision number (1, 2, …).",
  email: "The member's email address (percent-encoded).",
  tokenId: "The token's id (from GET /api/tokens).",
  asset: "A file of the reference page.",
};

function pathParams(pattern: string): z.ZodObject | undefined {
  const names = [...pattern.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((name) => [name, z.string().meta({ description: PARAM_DOCS[name] ?? name })])));
}

function securityOf(operation: Pick<Operation, "security">): RouteConfig["security"] {
  if (operation.security === "public") return [];
  if (operation.security === "token") return [{ bearerToken: [] }];
  return [{ bearerToken: [] }, { sessionCookie: [] }];
}

const operationId = (route: RouteName, method: Method) => `${method.toLowerCase()}${route[0]!.toUpperCase()}${route.slice(1)}`;

function register(registry: OpenAPIRegistry, operation: Operation, method: Method): void {
  const head = method === "HEAD";
  const { route } = operation;
  const request: RouteConfig["request"] = { params: pathParams(ROUTES[route].pattern), query: operation.query, headers: operation.headers };
  if (operation.body && !head) {
    const bodies = [operation.body, ...(operation.otherBodies ?? [])];
    request.body = { required: true, content: Object.fromEntries(bodies.map((b) => [b.mediaType ?? JSON_MEDIA_TYPE, { schema: b.schema, example: b.example }])) };
  }
  const success = Object.fromEntries(Object.entries(operation.responses).map(([status, reply]) => [status, replyOf(reply, !head)]));
  registry.registerPath({
    method: method.toLowerCase() as RouteConfig["method"],
    path: openApiPath(ROUTES[route].pattern),
    operationId: operationId(route, method),
    summary: head ? `${operation.summary} (headers only)` : operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    security: securityOf(operation),
    request,
    responses: { ...success, ...problemResponses(operation.problems) },
  });
}

function registerOptions(registry: OpenAPIRegistry, route: RouteName, tag: string): void {
  registry.registerPath({
    method: "options",
    path: openApiPath(ROUTES[route].pattern),
    operationId: operationId(route, "OPTIONS"),
    summary: "The methods this resource takes",
    tags: [tag],
    security: [],
    request: { params: pathParams(ROUTES[route].pattern) },
    responses: { 204: { description: "See Allow.", headers: headerRefs(route === "document" ? ["Allow", "Accept-Patch"] : ["Allow"]) }, ...problemResponses([]) },
  });
}

const DESCRIPTION = `Tandem's HTTP API. **Nobody's edit is ever silently lost**: every document carries an \`ETag\`; a write
sends the ETag it started from in \`If-Match\` and gets **412** with the current document when someone else wrote first
(or, with \`Prefer: merge\`, is merged on the server; a true conflict is **409** with the conflicting regions, and nothing is
applied). A write without a precondition is **428**.

**Authentication**: \`Authorization: Bearer <personal access token>\` (make one with POST /api/tokens), or the browser's
session cookie. A document you may not see answers **404**, exactly like one that does not exist.

**Errors** are RFC 9457 \`application/problem+json\` with a stable \`code\`:

| code | status | meaning |
| --- | --- | --- |
${CODES.map((code) => `| \`${code}\` | ${ERROR_STATUS[code]} | ${PROBLEM_DETAIL[code]} |`).join("\n")}

**AI agents** connect to the MCP server at \`/api/mcp\` (Streamable HTTP) with a personal access token.`;

function build(): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) registry.registerComponent("securitySchemes", name, scheme);
  for (const [name, description] of Object.entries(HEADER_DOCS)) registry.registerComponent("headers", name, { description, schema: { type: "string" } });
  for (const code of CODES) {
    registry.registerComponent("examples", code, { summary: ERROR_TITLE[code], value: problemExample(code) });
    registry.registerComponent("responses", code, {
      description: `${ERROR_TITLE[code]} (${ERROR_STATUS[code]}): ${PROBLEM_DETAIL[code]}`,
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" }, examples: { [code]: { $ref: `#/components/examples/${code}` } } } },
    });
  }
  const tags = new Map<RouteName, string>();
  for (const operation of OPERATIONS) {
    tags.set(operation.route, operation.tag);
    register(registry, operation, operation.method);
    if (operation.method === "GET" && (ROUTES[operation.route].methods as readonly Method[]).includes("HEAD")) register(registry, operation, "HEAD");
  }
  for (const [route, tag] of tags) registerOptions(registry, route, tag);
  registerAuthOperations(registry, problemResponses);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Tandem API", version: "1.0.0", description: DESCRIPTION, license: { name: "Proprietary" } },
    servers: [{ url: "/" }],
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
  });
}

let built: { document: OpenApiDocument; text: string } | undefined;

/** The document, and its JSON text (served as it is). */
export function openApiDocument(): { document: OpenApiDocument; text: string } {
  if (!built) {
    const document = build();
    built = { document, text: JSON.stringify(document) };
  }
  return built;
}
