import { readFileSync } from "node:fs";
import { SERVER_NODE_FLAGS } from "@tandem/contract";
import { createTestDatabase, SERVER_ENTRY, startServer, type TestDatabase, type TestServer } from "@tandem/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The server's Node flags are node's own arguments (NODE_OPTIONS does not take them): every
// launcher passes them. `npm start` and the e2e servers use the same constant; this is the one
// the integration suites run against.
describe("the server process", () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    server = await startServer({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("runs with SERVER_NODE_FLAGS before its entry, and serves", async () => {
    const argv = readFileSync(`/proc/${server.pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    expect(SERVER_NODE_FLAGS).toContain("--initial-old-space-size=128");
    expect(argv.slice(1)).toEqual([...SERVER_NODE_FLAGS, SERVER_ENTRY]);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });
});
