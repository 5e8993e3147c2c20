import { testProviders } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer } from "./support/harness.ts";

const LIMIT = 64 * 1024;

for (const provider of testProviders()) {
  describe(`request size limit (${provider}, MAX_BODY_BYTES=${LIMIT})`, () => {
    const api = useServer(provider, { MAX_BODY_BYTES: String(LIMIT) });

    it("accepts a body just under the limit", async () => {
      const content = "x".repeat(LIMIT - 100);
      const r = await api().request("POST", "/api/documents", { body: { title: "big", content } });
      expect(r.status).toBe(201);
      expect(r.body.content).toHaveLength(content.length);
    });

    it("a declared Content-Length over the limit → 413, nothing changes", async () => {
      const d = await api().seed();
      const r = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": d.etag }, body: { title: "t", content: "y".repeat(LIMIT) } });
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({ code: "payload-too-large", limit: LIMIT });
      expect((await api().request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
    });

    it("a hostile If-None-Match (a letter, 12 KB of spaces, a letter) → 400 before the database, nothing changes", async () => {
      const d = await api().seed();
      const r = await api().request("GET", `/api/documents/${d.id}`, { headers: { "if-none-match": `a${" ".repeat(12 * 1024)}a` } });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: "invalid-precondition", header: "If-None-Match" });
      const many = Array.from({ length: 65 }, (_, i) => `"${i}.x"`).join(", ");
      const w = await api().request("PUT", `/api/documents/${d.id}`, { headers: { "if-match": many }, body: { title: "t", content: "c" } });
      expect(w.status).toBe(400);
      expect((await api().request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
    });

    it("an endless chunked body → 413 after about the limit, without reading it all", async () => {
      const d = await api().seed();
      let sent = 0;
      const chunk = new TextEncoder().encode("z".repeat(16 * 1024));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"title":"t","content":"'));
        },
        pull(controller) {
          // 1 GiB if the server kept reading; it must stop long before.
          if (sent > 1024 * 1024 * 1024) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const res = await fetch(`${api().baseUrl}/api/documents/${d.id}`, {
        method: "PUT",
        headers: { "content-type": "application/json", "if-match": d.etag, authorization: `Bearer ${api().owner.token}` },
        body,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(sent).toBeLessThan(64 * 1024 * 1024);
      expect((await api().request("GET", `/api/documents/${d.id}`)).body.version).toBe(1);
    });
  });
}
