// Every operation of the API as the OpenAPI document describes it: which zod schema validates
// its body (the very one the route parses with), what it answers, with an example, and which
// problems it may send. HEAD and OPTIONS are derived from the route table (openapi-document.ts).
import {
  DIFF_MEDIA_TYPE,
  IDEMPOTENCY_KEY_HEADER,
  JSON_MEDIA_TYPE,
  LAST_EVENT_ID_HEADER,
  MERGE_PATCH_MEDIA_TYPE,
  PREFER_HEADER,
  type ErrorCode,
  type Method,
  type RouteName,
} from "@tandem/contract";
import { z } from "zod";
import { dryRunQuery } from "../../../platform/http/dry-run.ts";
import { invitationInput, tokenInput } from "../../accounts/server/account-routes.ts";
import { activityQuery } from "../../audit/server/activity-query.ts";
import { documentInput, documentMergePatch } from "../../documents/server/document-input.ts";
import { listQuery, revisionsQuery } from "../../documents/server/page-query.ts";
import { documentStreamQuery, presenceInput, workspaceStreamQuery } from "../../live/server/live-routes.ts";
import { shareInput } from "../../sharing/server/member-input.ts";
import * as schemas from "./response-schemas.ts";

export type Security = "public" | "signed-in" | "token";

/** Response headers by their component name (openapi-document.ts defines them). */
export type ResponseHeader = "ETag" | "Last-Modified" | "Location" | "Cache-Control" | "Preference-Applied" | "Idempotent-Replayed" | "Tandem-Dry-Run" | "Accept-Patch" | "Tandem-Conflict" | "Link";

export interface Reply {
  description: string;
  /** JSON unless said otherwise; no schema: no body. */
  schema?: z.ZodType;
  mediaType?: string;
  example?: unknown;
  /** Several named examples instead of one. */
  examples?: Record<string, unknown>;
  headers?: ResponseHeader[];
}

export interface Operation {
  route: RouteName;
  method: Exclude<Method, "HEAD" | "OPTIONS">;
  summary: string;
  description?: string;
  tag: string;
  security: Security;
  query?: z.ZodObject;
  /** Request headers beyond the credentials. */
  headers?: z.ZodObject;
  body?: { schema: z.ZodType; mediaType?: string; example: unknown };
  /** Other media types the same operation takes (PATCH: a unified diff besides the merge patch). */
  otherBodies?: { schema: z.ZodType; mediaType: string; example: unknown }[];
  responses: Record<number, Reply>;
  problems: ErrorCode[];
}

const ID = "0b5c2a64-1d1c-4d0e-9f57-3b8f6c9f4a10";
const AT = "2026-11-30T15:04:05.000Z";
const LATER = "2026-11-30T15:09:41.000Z";

export const EXAMPLES = {
  document: { id: ID, title: "Release notes", content: "# Release notes\n\n- Faster merges\n", version: 3, createdAt: AT, updatedAt: LATER, updatedBy: "Ada Lovelace", updatedById: "u_ada", summary: "List the faster merges" },
  summary: { id: ID, title: "Release notes", version: 3, updatedAt: LATER, updatedBy: "Ada Lovelace", updatedById: "u_ada", role: "owner" },
  revision: { version: 2, title: "Release notes", kind: "update", author: "Ada Lovelace", authorId: "u_ada", summary: null, createdAt: AT, etag: "2.q1w2e3", deleted: false },
  member: { userId: "u_grace", email: "grace@example.com", name: "Grace Hopper", role: "editor" },
  token: { id: "t_1", label: "CI", prefix: "tdm_Ab3", createdAt: AT, lastUsedAt: null },
  audit: { id: 42, at: AT, type: "conflict", actor: { id: "u_ada", name: "Ada Lovelace" }, documentId: ID, detail: { baseVersion: 2, currentVersion: 3 } },
} as const;

const WRITE_HEADERS = z.object({
  "If-Match": z.string().optional().meta({ description: 'The ETag of the state this write replaces (`"3.xyz"`), or `*` for whatever is there.', example: '"3.k7Jd9Q"' }),
  "If-None-Match": z.string().optional().meta({ description: "`*`: create under this id, only if no document has it (PUT).", example: "*" }),
  [PREFER_HEADER]: z.string().optional().meta({ description: "`merge`: a stale If-Match is merged (three-way, over the versions since) instead of refused with 412.", example: "merge" }),
  [IDEMPOTENCY_KEY_HEADER]: z.string().max(255).optional().meta({ description: "A retry with the same key and request within 24 h gets the first answer again (Idempotent-Replayed: true).", example: "9f1c0f4e-create-notes" }),
});
const KEY_HEADER = WRITE_HEADERS.pick({ [IDEMPOTENCY_KEY_HEADER]: true });
const READ_HEADERS = z.object({
  "If-None-Match": z.string().optional().meta({ description: "The ETag you hold: 304 Not Modified while it is current.", example: '"3.k7Jd9Q"' }),
  "If-Match": z.string().optional().meta({ description: "412 unless the document is in this state." }),
});
// The query schemas are the ones the routes validate with (platform/http/query-params.ts).
const DRY_RUN = dryRunQuery;
const BEFORE = activityQuery;
const LIST_QUERY = listQuery;
const REVISIONS_QUERY = revisionsQuery;
const DIFF_BODY = { schema: z.string().meta({ description: "One file's unified diff (diff -u, git diff) against the content of the version If-Match names; every hunk must apply exactly." }), mediaType: DIFF_MEDIA_TYPE, example: "--- a/notes.md\n+++ b/notes.md\n@@ -1,3 +1,3 @@\n # Release notes\n \n-- Faster merges\n+- Much faster merges\n" };
const STREAM_HEADERS = z.object({ [LAST_EVENT_ID_HEADER]: z.string().optional().meta({ description: "The id of the last event received: missed events are replayed (or `reset` is sent)." }) });

const PROTECTED: ErrorCode[] = ["unauthorized"];
const READ_PROBLEMS: ErrorCode[] = [...PROTECTED, "not-found", "gone", "precondition-failed", "invalid-precondition"];
const BODY_PROBLEMS: ErrorCode[] = ["invalid-json", "payload-too-large", "unsupported-media-type", "validation-failed"];
const KEY_PROBLEMS: ErrorCode[] = ["invalid-header", "idempotency-key-in-use", "idempotency-key-mismatch"];
const WRITE_PROBLEMS: ErrorCode[] = [...PROTECTED, "forbidden", "not-found", "gone", "precondition-failed", "precondition-required", "invalid-precondition", "conflict", ...BODY_PROBLEMS, ...KEY_PROBLEMS, "bad-request"];

const json = (description: string, schema: z.ZodType, example: unknown, headers: ResponseHeader[] = ["Cache-Control"]): Reply => ({ description, schema, example, headers });
const noContent = (description: string, headers: ResponseHeader[] = []): Reply => ({ description, headers });
/** What every write may add to its answer: a replay of an earlier one, or a dry run's mark. */
const WRITE_MARKS: ResponseHeader[] = ["Idempotent-Replayed", "Tandem-Dry-Run"];
const written = (description: string): Reply => json(description, schemas.documentView, EXAMPLES.document, ["ETag", "Last-Modified", "Cache-Control", "Idempotent-Replayed", "Tandem-Dry-Run"]);
/** A PUT or PATCH: written as sent, or (Prefer: merge) merged over the versions since its base. */
const writtenOrMerged: Reply = {
  description: "Written. With `Prefer: merge` over a stale If-Match, merged over the newer versions: Preference-Applied: merge and `merged` say so.",
  schema: z.union([schemas.mergedDocumentView, schemas.documentView]),
  examples: { written: EXAMPLES.document, merged: { ...EXAMPLES.document, version: 5, merged: { base: 3, over: [4] } } },
  headers: ["ETag", "Last-Modified", "Cache-Control", "Preference-Applied", "Idempotent-Replayed", "Tandem-Dry-Run"],
};
const stream = (description: string): Reply => ({ description, mediaType: "text/event-stream", schema: z.string(), example: 'id: 17\nevent: version\ndata: {"documentId":"…","version":4,"etag":"\\"4.x\\"","kind":"update"}\n\n' });
const docBody = { schema: documentInput, example: { title: "Release notes", content: "# Release notes\n\n- Faster merges\n", summary: "List the faster merges" } };

export const OPERATIONS: Operation[] = [
  {
    route: "documents", method: "GET", tag: "Documents", security: "signed-in",
    summary: "List or search the documents you are a member of",
    description: "Live documents only, most recently changed first, each with your role; with `q`, those holding every word, best match first, each with a snippet. Paged: `Link: <…>; rel=\"next\"` names the next page. Answers 304 to If-None-Match with the page's ETag.",
    query: LIST_QUERY,
    headers: READ_HEADERS,
    responses: {
      200: json("The page of documents (with `q`: search hits, each with `snippet`).", z.array(z.union([schemas.searchHit, schemas.documentSummary])), [EXAMPLES.summary], ["ETag", "Link", "Cache-Control"]),
      304: noContent("Not modified: the page (If-None-Match) is unchanged.", ["ETag"]),
    },
    problems: [...PROTECTED, "bad-request"],
  },
  {
    route: "documents", method: "POST", tag: "Documents", security: "signed-in",
    summary: "Create a document",
    description: "Under a server-made id, at version 1; you own it.",
    query: DRY_RUN, headers: KEY_HEADER, body: docBody,
    responses: { 201: { ...written("Created."), headers: ["ETag", "Last-Modified", "Location", "Idempotent-Replayed", "Tandem-Dry-Run"] } },
    problems: [...PROTECTED, ...BODY_PROBLEMS, ...KEY_PROBLEMS, "bad-request"],
  },
  {
    route: "document", method: "GET", tag: "Documents", security: "signed-in",
    summary: "Read a document, with its ETag",
    description: "Keep the ETag: a write sends it back in If-Match, a re-read in If-None-Match.",
    headers: READ_HEADERS,
    responses: { 200: json("The document.", schemas.documentView, EXAMPLES.document, ["ETag", "Last-Modified", "Cache-Control"]), 304: noContent("Not modified: your copy (If-None-Match) is current.", ["ETag", "Last-Modified"]) },
    problems: READ_PROBLEMS,
  },
  {
    route: "document", method: "PUT", tag: "Documents", security: "signed-in",
    summary: "Replace a document (or create one under your own id)",
    description: "Conditional: If-Match with the ETag you read (412 with the current document when it changed since), If-Match: * to overwrite, or If-None-Match: * to create under a free id. With Prefer: merge a stale write is merged on the server; a true conflict is a 409 with the conflicts, and nothing is applied.",
    query: DRY_RUN, headers: WRITE_HEADERS, body: docBody,
    responses: { 200: writtenOrMerged, 201: { ...written("Created (If-None-Match: *) or re-created after a deletion."), headers: ["ETag", "Location", ...WRITE_MARKS] } },
    problems: WRITE_PROBLEMS,
  },
  {
    route: "document", method: "PATCH", tag: "Documents", security: "signed-in",
    summary: "Change a document's title or content (JSON merge patch), or its content by a unified diff",
    description: "RFC 7396: members present replace, the others stay. Or `text/x-diff`: a unified diff of the content against the version If-Match names (exactly one ETag); a hunk that does not apply is a 409 naming it. Same preconditions and merging as PUT.",
    query: DRY_RUN, headers: WRITE_HEADERS,
    body: { schema: documentMergePatch, mediaType: MERGE_PATCH_MEDIA_TYPE, example: { content: "# Release notes\n\n- Faster merges\n- Offline drafts\n" } },
    otherBodies: [DIFF_BODY],
    responses: { 200: writtenOrMerged },
    problems: [...WRITE_PROBLEMS, "invalid-diff", "patch-does-not-apply"],
  },
  {
    route: "document", method: "DELETE", tag: "Documents", security: "signed-in",
    summary: "Delete a document (owners)",
    description: "Conditional like PUT. Its revisions are kept; PUT with If-None-Match: * re-creates it.",
    query: DRY_RUN, headers: WRITE_HEADERS.pick({ "If-Match": true, [IDEMPOTENCY_KEY_HEADER]: true }),
    responses: { 204: noContent("Deleted.", ["Idempotent-Replayed", "Tandem-Dry-Run"]) },
    problems: WRITE_PROBLEMS.filter((code) => !BODY_PROBLEMS.includes(code)),
  },
  {
    route: "revisions", method: "GET", tag: "Revisions", security: "signed-in",
    summary: "List a document's revisions",
    query: REVISIONS_QUERY,
    headers: READ_HEADERS,
    responses: { 200: json("A page of revisions, oldest first; `Link: <…>; rel=\"next\"` names the next.", z.array(schemas.revisionSummary), [EXAMPLES.revision], ["ETag", "Link", "Cache-Control"]), 304: noContent("Not modified.", ["ETag"]) },
    problems: [...PROTECTED, "not-found", "bad-request"],
  },
  {
    route: "revision", method: "GET", tag: "Revisions", security: "signed-in",
    summary: "Read one revision",
    description: "A revision never changes: cacheable for good.",
    headers: READ_HEADERS,
    responses: { 200: json("The revision.", schemas.revision, { ...EXAMPLES.revision, documentId: ID, content: "# Release notes\n" }, ["ETag", "Last-Modified", "Cache-Control"]), 304: noContent("Not modified.", ["ETag"]) },
    problems: [...PROTECTED, "not-found", "precondition-failed", "invalid-precondition"],
  },
  {
    route: "documentMembers", method: "GET", tag: "Sharing", security: "signed-in",
    summary: "List who may see a document, with their roles",
    responses: { 200: json("The members.", z.array(schemas.member), [EXAMPLES.member]) },
    problems: [...PROTECTED, "not-found"],
  },
  {
    route: "documentMember", method: "PUT", tag: "Sharing", security: "signed-in",
    summary: "Share a document with someone, or change their role (owners)",
    query: DRY_RUN, headers: KEY_HEADER,
    body: { schema: shareInput, example: { role: "editor" } },
    responses: { 200: json("Role changed.", schemas.member, EXAMPLES.member, WRITE_MARKS), 201: json("Shared.", schemas.member, EXAMPLES.member, WRITE_MARKS) },
    problems: [...PROTECTED, "forbidden", "not-found", "conflict", ...BODY_PROBLEMS, ...KEY_PROBLEMS, "bad-request"],
  },
  {
    route: "documentMember", method: "DELETE", tag: "Sharing", security: "signed-in",
    summary: "Remove someone's access (owners)",
    query: DRY_RUN, headers: KEY_HEADER,
    responses: { 204: noContent("Removed.", WRITE_MARKS) },
    problems: [...PROTECTED, "forbidden", "not-found", "conflict", "validation-failed", ...KEY_PROBLEMS, "bad-request"],
  },
  {
    route: "documentActivity", method: "GET", tag: "Activity", security: "signed-in",
    summary: "A document's audit trail (owners, admins)",
    query: BEFORE,
    responses: { 200: json("Newest first.", z.array(schemas.auditEntry), [EXAMPLES.audit]) },
    problems: [...PROTECTED, "forbidden", "not-found", "bad-request"],
  },
  {
    route: "documentPurge", method: "POST", tag: "Documents", security: "signed-in",
    summary: "Erase a deleted document and all its revisions for good (owners, admins)",
    description: "`?dryRun=true` says whether it would be erased (204, or the refusal) and erases nothing.",
    query: DRY_RUN, headers: KEY_HEADER,
    responses: { 204: noContent("Purged.", WRITE_MARKS) },
    problems: [...PROTECTED, "forbidden", "not-found", "conflict", ...KEY_PROBLEMS, "bad-request"],
  },
  {
    route: "documentEvents", method: "GET", tag: "Live", security: "signed-in",
    summary: "A document's live events (Server-Sent Events)",
    description: "Events: version, deleted, recreated, presence, reset.",
    query: documentStreamQuery,
    headers: STREAM_HEADERS,
    responses: { 200: stream("The stream.") },
    problems: [...PROTECTED, "not-found", "bad-request", "too-many-requests"],
  },
  {
    route: "documentPresence", method: "PUT", tag: "Live", security: "signed-in",
    summary: "Say you are viewing or editing a document",
    query: DRY_RUN, headers: KEY_HEADER,
    body: { schema: presenceInput, example: { tab: "tab_4fZ2kQ9x", state: "editing" } },
    responses: { 204: noContent("Noted.", WRITE_MARKS) },
    problems: [...PROTECTED, "not-found", ...BODY_PROBLEMS, ...KEY_PROBLEMS, "bad-request"],
  },
  {
    route: "events", method: "GET", tag: "Live", security: "signed-in",
    summary: "Your workspace's live events (Server-Sent Events)",
    description: "Events: ready, created, changed, deleted, shared, unshared, presence, reset.",
    query: workspaceStreamQuery,
    headers: STREAM_HEADERS,
    responses: { 200: stream("The stream.") },
    problems: [...PROTECTED, "too-many-requests"],
  },
  {
    route: "me", method: "GET", tag: "Account", security: "signed-in",
    summary: "Who you are",
    responses: { 200: json("You.", schemas.me, { id: "u_ada", email: "ada@example.com", name: "Ada Lovelace", isAdmin: false }) },
    problems: PROTECTED,
  },
  {
    route: "tokens", method: "GET", tag: "Account", security: "signed-in",
    summary: "Your personal access tokens (never the tokens themselves)",
    responses: { 200: json("The tokens.", z.array(schemas.apiTokenSummary), [EXAMPLES.token]) },
    problems: PROTECTED,
  },
  {
    route: "tokens", method: "POST", tag: "Account", security: "signed-in",
    summary: "Make a personal access token",
    description: "A dry run answers a token that was never stored: it authenticates nothing.",
    query: DRY_RUN, headers: KEY_HEADER,
    body: { schema: tokenInput, example: { label: "CI" } },
    responses: { 201: json("The token, shown this once.", schemas.createdApiToken, { ...EXAMPLES.token, token: "tdm_Ab3xY8…" }, ["Cache-Control", ...WRITE_MARKS]) },
    problems: [...PROTECTED, ...BODY_PROBLEMS, ...KEY_PROBLEMS, "bad-request"],
  },
  {
    route: "token", method: "DELETE", tag: "Account", security: "signed-in",
    summary: "Revoke one of your tokens",
    query: DRY_RUN, headers: KEY_HEADER,
    responses: { 204: noContent("Revoked.", WRITE_MARKS) },
    problems: [...PROTECTED, "not-found", ...KEY_PROBLEMS, "bad-request"],
  },
  {
    route: "activity", method: "GET", tag: "Activity", security: "signed-in",
    summary: "Everyone's audit trail (admins)",
    query: BEFORE,
    responses: { 200: json("Newest first.", z.array(schemas.auditEntry), [EXAMPLES.audit]) },
    problems: [...PROTECTED, "forbidden", "bad-request"],
  },
  {
    route: "signup", method: "GET", tag: "Account", security: "public",
    summary: "Whether this Tandem takes sign-ups",
    responses: { 200: json("The policy.", schemas.signupPolicy, { mode: "open", firstAccount: false }) },
    problems: [],
  },
  {
    route: "invitations", method: "POST", tag: "Account", security: "signed-in",
    summary: "Invite someone to sign up (admins, TANDEM_SIGNUP=invite)",
    description: "A dry run answers a link that was never stored: it signs nobody up.",
    query: DRY_RUN, headers: KEY_HEADER,
    body: { schema: invitationInput, example: { email: "grace@example.com" } },
    responses: { 201: json("The invitation link.", schemas.createdInvitation, { email: "grace@example.com", url: "https://tandem.example.com/sign-up?invite=…", expiresAt: LATER }, ["Cache-Control", ...WRITE_MARKS]) },
    problems: [...PROTECTED, "forbidden", "conflict", ...BODY_PROBLEMS, ...KEY_PROBLEMS, "bad-request"],
  },
  {
    route: "health", method: "GET", tag: "Operations", security: "public",
    summary: "Database reachable and every migration applied",
    responses: { 200: json("Up.", schemas.health, { status: "ok" }), 503: json("Down.", schemas.health, { status: "unavailable" }) },
    problems: [],
  },
  {
    route: "metrics", method: "GET", tag: "Operations", security: "public",
    summary: "Prometheus metrics (operators: Authorization: Bearer $TANDEM_METRICS_TOKEN)",
    description: "Anyone else gets the 404 of a path that does not exist.",
    responses: { 200: { description: "Prometheus text format.", mediaType: "text/plain", schema: z.string(), example: "http_requests_total{route=\"/api/documents/:id\",method=\"GET\",status=\"200\"} 12\n" } },
    problems: ["not-found"],
  },
  {
    route: "openapi", method: "GET", tag: "Reference", security: "public",
    summary: "This document",
    responses: { 200: json("OpenAPI 3.1.", z.record(z.string(), z.unknown()), { openapi: "3.1.0" }) },
    problems: [],
  },
  {
    route: "apiDocs", method: "GET", tag: "Reference", security: "public",
    summary: "The API reference (Swagger UI, served from this server)",
    responses: { 200: { description: "The page.", mediaType: "text/html", schema: z.string(), example: "<!doctype html>…" } },
    problems: [],
  },
  {
    route: "apiDocsAsset", method: "GET", tag: "Reference", security: "public",
    summary: "The reference page's scripts and styles",
    responses: { 200: { description: "The file.", mediaType: "application/octet-stream", schema: z.string(), example: "…" } },
    problems: ["not-found"],
  },
  {
    route: "mcp", method: "POST", tag: "AI agents", security: "token",
    summary: "Model Context Protocol (Streamable HTTP, stateless)",
    description: "JSON-RPC messages of MCP. Tools: list_documents, search_documents, read_document, create_document, edit_document. A personal access token only: a session cookie is not a credential here. No dry run: `?dryRun=true` is refused (400, `parameter: \"dryRun\"`) and nothing is done; no Idempotency-Key either.",
    body: { schema: z.object({ jsonrpc: z.literal("2.0"), id: z.union([z.string(), z.number()]).optional(), method: z.string(), params: z.record(z.string(), z.unknown()).optional() }), mediaType: JSON_MEDIA_TYPE, example: { jsonrpc: "2.0", id: 1, method: "tools/list" } },
    responses: { 200: { description: "The JSON-RPC answer.", schema: z.record(z.string(), z.unknown()), example: { jsonrpc: "2.0", id: 1, result: { tools: [{ name: "read_document" }] } } }, 202: noContent("A notification or response was accepted.") },
    problems: [...PROTECTED, "unsupported-media-type", "payload-too-large", "bad-request"],
  },
];
