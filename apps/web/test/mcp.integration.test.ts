// The MCP server at /api/mcp, driven by the SDK's own client over Streamable HTTP against the
// real server, on both databases: agents read and edit through the same no-silent-loss path.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { testProviders } from "@tandem/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { useServer, type Api } from "./support/harness.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

for (const provider of testProviders()) {
  describe(`POST /api/mcp (${provider})`, () => {
    const server = useServer(provider);
    const clients: Client[] = [];

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    });

    async function agent(headers: Record<string, string>): Promise<Client> {
      const client = new Client({ name: "tandem-test-agent", version: "1.0.0" });
      const transport = new StreamableHTTPClientTransport(new URL(`${server().baseUrl}/api/mcp`), { requestInit: { headers } });
      await client.connect(transport);
      clients.push(client);
      return client;
    }

    const agentOf = (api: Api) => agent({ Authorization: `Bearer ${api.account!.token}` });

    async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ isError: boolean; data: Json }> {
      const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
      expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual(r.structuredContent);
      return { isError: r.isError === true, data: r.structuredContent };
    }

    it("lists the tools", async () => {
      const client = await agentOf(server());
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(["create_document", "edit_document", "list_documents", "read_document", "search_documents"]);
      const edit = tools.find((t) => t.name === "edit_document")!;
      expect(Object.keys(edit.inputSchema.properties!)).toEqual(expect.arrayContaining(["id", "baseVersion", "etag", "title", "content"]));
    });

    it("lists, searches and reads documents, with version and ETag", async () => {
      const owner = server();
      const doc = await owner.seed(`Quarterly plan ${Date.now()}`, "alpha\n");
      const client = await agentOf(owner);
      const listed = await call(client, "list_documents");
      expect(listed.data.documents.find((d: Json) => d.id === doc.id)).toMatchObject({ version: 1, role: "owner" });
      const found = await call(client, "search_documents", { query: "QUARTERLY plan" });
      expect(found.data.documents.map((d: Json) => d.id)).toContain(doc.id);
      expect((await call(client, "search_documents", { query: "no-such-title-anywhere" })).data.documents).toEqual([]);
      // Full text: a word of the body alone finds it, with a snippet marking the word.
      const byBody = await call(client, "search_documents", { query: "alpha" });
      const hit = byBody.data.documents.find((d: Json) => d.id === doc.id);
      expect(hit.snippet.text).toContain("alpha");
      expect(hit.snippet.highlights.length).toBeGreaterThan(0);
      expect(listed.data.cursor).toBeNull();
      const read = await call(client, "read_document", { id: doc.id });
      expect(read.isError).toBe(false);
      expect(read.data.document).toMatchObject({ id: doc.id, content: "alpha\n", version: 1, etag: doc.etag });
    });

    it("creates a document the HTTP API then serves", async () => {
      const client = await agentOf(server());
      const created = await call(client, "create_document", { title: "From an agent", content: "# Hello\n" });
      expect(created.data.document).toMatchObject({ title: "From an agent", version: 1 });
      const r = await server().request("GET", `/api/documents/${created.data.document.id}`);
      expect(r.status).toBe(200);
      expect(r.headers.get("etag")).toBe(created.data.document.etag);
      const invalid = await call(client, "create_document", { title: "two\nlines", content: "" });
      expect(invalid.isError).toBe(true);
      expect(invalid.data).toMatchObject({ code: "validation-failed", status: 422 });
    });

    it("edit_document without a concurrent change writes the next version", async () => {
      const doc = await server().seed("Plain edit", "one\n");
      const client = await agentOf(server());
      const edited = await call(client, "edit_document", { id: doc.id, etag: doc.etag, content: "one\ntwo\n" });
      expect(edited).toMatchObject({ isError: false, data: { status: "written", merged: null, document: { version: 2, content: "one\ntwo\n" } } });
      expect((await server().request("GET", `/api/documents/${doc.id}`)).headers.get("etag")).toBe(edited.data.document.etag);
    });

    it("edit_document over a concurrent change merges both: nobody's edit is lost", async () => {
      const owner = server();
      const doc = await owner.seed("Merge me", "one\ntwo\nthree\n");
      const editor = await owner.member(doc.id, "Edgar Editor");
      const client = await agentOf(editor);
      const read = await call(client, "read_document", { id: doc.id });
      // Someone else writes line one after the agent read version 1.
      const theirs = await owner.request("PUT", `/api/documents/${doc.id}`, { headers: { "if-match": doc.etag }, body: { title: "Merge me", content: "ONE\ntwo\nthree\n" } });
      expect(theirs.status).toBe(200);
      const edited = await call(client, "edit_document", { id: doc.id, baseVersion: read.data.document.version, content: "one\ntwo\nTHREE\n", summary: "shout the last line" });
      expect(edited.isError).toBe(false);
      expect(edited.data.document.summary).toBe("shout the last line");
      expect(edited.data).toMatchObject({ status: "merged", merged: { base: 1, over: [2] }, document: { version: 3, content: "ONE\ntwo\nTHREE\n" } });
      const now = await owner.request("GET", `/api/documents/${doc.id}`);
      expect(now.body).toMatchObject({ version: 3, content: "ONE\ntwo\nTHREE\n", updatedBy: "Edgar Editor" });
    });

    it("edit_document that conflicts returns the conflicts and applies nothing", async () => {
      const owner = server();
      const doc = await owner.seed("Conflict", "one\ntwo\nthree\n");
      const client = await agentOf(owner);
      const theirs = await owner.request("PUT", `/api/documents/${doc.id}`, { headers: { "if-match": doc.etag }, body: { title: "Conflict", content: "one\nTHEIRS\nthree\n" } });
      const edited = await call(client, "edit_document", { id: doc.id, baseVersion: 1, content: "one\nMINE\nthree\n" });
      expect(edited.isError).toBe(true);
      expect(edited.data).toMatchObject({ status: "conflict", applied: false, current: { version: 2, content: "one\nTHEIRS\nthree\n", etag: theirs.headers.get("etag") } });
      expect(edited.data.conflicts.content).toHaveLength(1);
      expect(edited.data.conflicts.content[0]).toMatchObject({ base: ["two\n"], mine: ["MINE\n"], theirs: ["THEIRS\n"] });
      const now = await owner.request("GET", `/api/documents/${doc.id}`);
      expect(now.body).toMatchObject({ version: 2, content: "one\nTHEIRS\nthree\n" });
      // An unknown base is refused like a 412, with the current document; still nothing applied.
      const unknown = await call(client, "edit_document", { id: doc.id, etag: '"1.not-a-real-tag"', content: "x\n" });
      expect(unknown.data).toMatchObject({ code: "precondition-failed", status: 412, current: { version: 2 } });
      expect((await owner.request("GET", `/api/documents/${doc.id}`)).body.version).toBe(2);
    });

    it("a stranger learns nothing and a viewer cannot edit, exactly as over HTTP", async () => {
      const owner = server();
      const doc = await owner.seed("Private plans", "secret\n");
      const stranger = await agentOf(await owner.person("Sam Stranger"));
      const viewer = await agentOf(await owner.member(doc.id, "Vera Viewer", "viewer"));
      for (const [tool, args] of [["read_document", { id: doc.id }], ["edit_document", { id: doc.id, baseVersion: 1, content: "hacked\n" }]] as const) {
        const r = await call(stranger, tool, args);
        const ghost = await call(stranger, tool, { ...args, id: "0b5c2a64-1d1c-4d0e-9f57-000000000000" });
        expect(r).toMatchObject({ isError: true, data: { code: "not-found", status: 404 } });
        expect(JSON.stringify(r.data)).not.toContain("secret");
        expect(r.data.detail.replace(doc.id, "<id>")).toBe(ghost.data.detail.replace("0b5c2a64-1d1c-4d0e-9f57-000000000000", "<id>"));
      }
      expect((await call(stranger, "search_documents", { query: "Private" })).data.documents).toEqual([]);
      expect((await call(viewer, "read_document", { id: doc.id })).data.document.content).toBe("secret\n");
      const denied = await call(viewer, "edit_document", { id: doc.id, baseVersion: 1, content: "changed\n" });
      expect(denied).toMatchObject({ isError: true, data: { code: "forbidden", status: 403 } });
      expect((await owner.request("GET", `/api/documents/${doc.id}`)).body).toMatchObject({ version: 1, content: "secret\n" });
    });

    it("takes a personal access token only: none, a bad one or a session cookie is a 401", async () => {
      const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };
      const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
      const base = server().baseUrl;
      const attempts: Record<string, string>[] = [{}, { authorization: "Bearer tdm_not-a-real-token" }, { cookie: server().account!.cookie, origin: base }];
      for (const credentials of attempts) {
        const r = await fetch(`${base}/api/mcp`, { method: "POST", headers: { ...headers, ...credentials }, body: JSON.stringify(initialize) });
        expect(r.status, JSON.stringify(credentials)).toBe(401);
        expect(r.headers.get("www-authenticate")).toMatch(/^Bearer realm="tandem"/);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
      }
      await expect(agent({})).rejects.toThrow();
      const ok = await fetch(`${base}/api/mcp`, { method: "POST", headers: { ...headers, authorization: `Bearer ${server().account!.token}` }, body: JSON.stringify(initialize) });
      expect(ok.status).toBe(200);
      expect((await ok.json()).result.serverInfo.name).toBe("tandem");
    });

    it("stateless: GET and DELETE are 405 with Allow", async () => {
      for (const method of ["GET", "DELETE"]) {
        const r = await server().request(method, "/api/mcp");
        expect(r.status).toBe(405);
        expect(r.headers.get("allow")).toBe("POST, OPTIONS");
      }
    });
  });
}
