// The MCP server one request talks to: the document tools, bound to the caller. Tool inputs are
// zod schemas (the SDK validates them and lists them as JSON Schema); results carry the same
// data as text and as structured content.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { PAGE_CURSOR_MAX_LENGTH, SEARCH_QUERY_MAX_LENGTH, SUMMARY_MAX_LENGTH, TITLE_MAX_LENGTH } from "@tandem/contract";
import { z } from "zod";
import { toAppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/http/caller.ts";
import { logger } from "../../../platform/observability/logger.ts";
import { createFor, editFor, listFor, readFor, searchFor } from "./document-tools.ts";

export const MCP_SERVER_NAME = "tandem";
export const MCP_SERVER_VERSION = "1.0.0";
const pageCursor = z.string().max(PAGE_CURSOR_MAX_LENGTH).optional().describe("The `cursor` a previous answer gave, for the next page.");
const editSummary = z.string().max(SUMMARY_MAX_LENGTH).optional().describe("Why you made this change, in one line: shown to people in the history and in their notices.");
const paged = <T>(page: { items: T[]; cursor: string | null }) => ({ documents: page.items, cursor: page.cursor });

const documentId = z.string().min(1).max(64).describe("The document's id (from list_documents or search_documents).");

function result(data: Record<string, unknown>, isError = false): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(data, null, 2) }], structuredContent: data, ...(isError ? { isError: true } : {}) };
}

/** A refusal as the API's problem (code, detail and what it carries); failures are logged, never shown. */
function refusal(thrown: unknown, tool: string): CallToolResult {
  const error = toAppError(thrown);
  if (error.code === "internal" || error.code === "service-unavailable") logger().error({ err: thrown, tool }, "an MCP tool failed");
  const problem = error.toProblem();
  return result({ ...problem, ...(error.headers.ETag ? { etag: error.headers.ETag } : {}) }, true);
}

async function run(tool: string, action: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    const data = await action();
    return result(data, data.status === "conflict");
  } catch (error) {
    return refusal(error, tool);
  }
}

export function mcpServerFor(caller: Caller): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION });
  const readOnly = { readOnlyHint: true, openWorldHint: false };

  server.registerTool(
    "list_documents",
    {
      title: "List documents",
      description: "The documents you are a member of, most recently changed first, with your role on each; `cursor` (when not null) fetches the next page.",
      inputSchema: { cursor: pageCursor },
      annotations: readOnly,
    },
    ({ cursor }) => run("list_documents", async () => paged(await listFor(caller, cursor))),
  );

  server.registerTool(
    "search_documents",
    {
      title: "Search documents",
      description: "Full-text search of your documents' titles and content: every word must occur; best match first, each with a snippet (highlights are [start, end) offsets into its text).",
      inputSchema: { query: z.string().min(1).max(SEARCH_QUERY_MAX_LENGTH).describe("Words to look for."), cursor: pageCursor },
      annotations: readOnly,
    },
    ({ query, cursor }) => run("search_documents", async () => paged(await searchFor(caller, query, cursor))),
  );

  server.registerTool(
    "read_document",
    {
      title: "Read a document",
      description: "Title, Markdown content, version and ETag. Keep version (or etag): edit_document takes it as the base of your edit.",
      inputSchema: { id: documentId },
      annotations: readOnly,
    },
    ({ id }) => run("read_document", async () => ({ document: await readFor(caller, id) })),
  );

  server.registerTool(
    "create_document",
    {
      title: "Create a document",
      description: "A new document at version 1; you own it.",
      inputSchema: { title: z.string().max(TITLE_MAX_LENGTH).describe("One line."), content: z.string().describe("Markdown."), summary: editSummary },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (input) => run("create_document", async () => ({ document: await createFor(caller, input) })),
  );

  server.registerTool(
    "edit_document",
    {
      title: "Edit a document",
      description:
        "Change a document's title and/or content, based on the version you read. If nobody wrote since, it is applied; if others " +
        "did, your change is merged over theirs (status \"merged\"); if both changed the same lines, nothing is applied and you get " +
        "status \"conflict\" with the conflicting regions and the current document: read it, redo your edit on it, and edit again with its version. " +
        "Nothing anyone wrote is ever overwritten.",
      inputSchema: {
        id: documentId,
        baseVersion: z.number().int().min(1).optional().describe("The version you read and edited (read_document's `version`)."),
        etag: z.string().max(200).optional().describe("Instead of baseVersion: the ETag read_document returned."),
        title: z.string().optional().describe("The new title (omit to keep it)."),
        content: z.string().optional().describe("The whole new Markdown content (omit to keep it)."),
        summary: editSummary,
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (input) => run("edit_document", async () => ({ ...(await editFor(caller, input)) })),
  );

  return server;
}
