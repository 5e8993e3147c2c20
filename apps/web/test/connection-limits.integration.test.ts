import net from "node:net";
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Opens a raw connection; resolves with what the server sent before it closed it. */
function connect(port: number): { socket: net.Socket; closed: Promise<string> } {
  const socket = net.connect(port, "127.0.0.1");
  let received = "";
  socket.on("data", (chunk) => (received += chunk.toString()));
  const closed = new Promise<string>((resolve) => socket.on("close", () => resolve(received)));
  socket.on("error", () => undefined);
  return { socket, closed };
}

// Connection handling is the Node server's, the same on both databases: SQLite is enough.
describe("HTTP server limits (HTTP_HEADERS_TIMEOUT_MS, HTTP_MAX_CONNECTIONS)", () => {
  let db: TestDatabase;
  let server: TestServer;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    server = await startServer({ databaseUrl: db.url, env: { HTTP_HEADERS_TIMEOUT_MS: "1000", HTTP_REQUEST_TIMEOUT_MS: "2000", HTTP_MAX_CONNECTIONS: "3" } });
    port = Number(new URL(server.baseUrl).port);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("cuts a client that never finishes its headers (408), and keeps serving others", async () => {
    const slow = connect(port);
    slow.socket.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    const answer = await slow.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  }, 15_000);

  it("refuses connections over the cap at once, and accepts again when one closes", async () => {
    const held = [connect(port), connect(port), connect(port)];
    await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once("connect", resolve))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = connect(port);
    expect(await extra.closed).toBe("");
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = connect(port);
    again.socket.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(await again.closed).toMatch(/^HTTP\/1\.1 200/);
    for (const { socket } of held) socket.destroy();
  }, 15_000);
});
