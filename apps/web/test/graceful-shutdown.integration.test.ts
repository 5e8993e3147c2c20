import http from "node:http";
import net from "node:net";
import { createTestDatabase, signUp, startServer, testProviders, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { makeApi } from "./support/harness.ts";
import { storedHistory } from "./support/token-writers.ts";

interface SlowPut {
  /** Sends more of the body. */
  write(text: string): void;
  /** Sends the rest and resolves with the answer. */
  finish(text: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>;
  /** Resolves when the connection breaks instead. */
  failed: Promise<Error>;
}

/** A PUT whose chunked body arrives only as fast as the test sends it: a request in flight. */
function slowPut(baseUrl: string, token: string, id: string, etag: string, requestId: string): SlowPut {
  const req = http.request(`${baseUrl}/api/documents/${id}`, {
    method: "PUT",
    headers: { "content-type": "application/json", "if-match": etag, "x-request-id": requestId, authorization: `Bearer ${token}` },
  });
  const answer = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on("error", reject);
    });
  });
  const failed = new Promise<Error>((resolve) => req.on("error", resolve));
  answer.catch(() => undefined);
  req.flushHeaders();
  return {
    write: (text) => void req.write(text),
    finish: (text) => {
      req.end(text);
      return answer;
    },
    failed,
  };
}

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve();
    });
    socket.on("error", reject);
  });
}

for (const provider of testProviders()) {
  describe(`graceful shutdown on SIGTERM (${provider})`, () => {
    let db: TestDatabase | undefined;
    let server: TestServer | undefined;
    afterEach(async () => {
      await server?.kill9();
      await db?.drop();
    });

    async function start(env: Record<string, string> = {}) {
      db = await createTestDatabase(provider);
      server = await startServer({ databaseUrl: db.url, env: { LOG_LEVEL: "debug", ...env } });
      const api = makeApi(server.baseUrl, await signUp(server.baseUrl));
      return { db, server, api, token: api.account!.token, doc: await api.seed("slow", "") };
    }

    it("stops accepting, finishes the request in flight, closes the pool, exits 0", async () => {
      const { db, server, doc, token } = await start();
      const port = Number(new URL(server.baseUrl).port);
      const put = slowPut(server.baseUrl, token, doc.id, doc.etag, "in-flight-put");
      put.write('{"title":"slow","content":"');
      // The server has the request (its arrival is logged) but not yet its body.
      await server.waitForOutput(/"reqId":"in-flight-put".*"request received"/);

      server.signal("SIGTERM");
      await server.waitForOutput(/SIGTERM: no new connections/);
      await expect(connect(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
      expect(server.logLines().filter((l) => l.reqId === "in-flight-put" && l.msg === "request")).toEqual([]);

      put.write("still typing ".repeat(1000));
      const answer = await put.finish('the end"}');
      expect(answer.status).toBe(200);
      expect(answer.headers.connection).toBe("close");
      expect(JSON.parse(answer.body)).toMatchObject({ version: 2, content: `${"still typing ".repeat(1000)}the end` });

      expect(await server.exited).toBe(0);
      const messages = server.logLines().map((l) => (l.reqId === "in-flight-put" ? `request ${String(l.msg)}` : String(l.msg)));
      const order = ["SIGTERM: no new connections; finishing in-flight requests", "request request", "in-flight requests finished; closing the database pool", "database pool closed; exiting"];
      const positions = order.map((m) => messages.indexOf(m));
      expect(positions.every((p) => p >= 0), messages.slice(-8).join("\n")).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      // The write is in the database, with its revision.
      const stored = await storedHistory(db, doc.id);
      expect(stored.doc.version).toBe(2);
      expect(stored.revisions.map((r) => r.version)).toEqual([1, 2]);
    });

    it("a request that outlives SHUTDOWN_GRACE_MS is cut and the exit code says so", async () => {
      const { db, server, doc, token } = await start({ SHUTDOWN_GRACE_MS: "300" });
      const put = slowPut(server.baseUrl, token, doc.id, doc.etag, "never-finishes");
      put.write('{"title":"slow","content":"');
      await server.waitForOutput(/"reqId":"never-finishes".*"request received"/);
      server.signal("SIGTERM");
      expect(await server.exited).toBe(1);
      expect(await put.failed).toBeInstanceOf(Error);
      expect(server.output()).toMatch(/in-flight requests did not finish in 300 ms/);
      expect((await storedHistory(db, doc.id)).doc.version).toBe(1);
    });
  });
}
