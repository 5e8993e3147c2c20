import { readFileSync } from "node:fs";
import { SERVER_NODE_FLAGS } from "@tandem/contract";
import { SERVER_ENTRY } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer } from "./support/harness.ts";

// The server's Node flags are node's own arguments (NODE_OPTIONS does not take them): every
// launcher passes them. `npm start` and the e2e servers use the same constant; this is the one
// the integration suites run against.
describe("the server process", () => {
  const state = useServer("sqlite");

  it("runs with SERVER_NODE_FLAGS before its entry, and serves", async () => {
    const { server, anonymous } = state();
    const argv = readFileSync(`/proc/${server.pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    expect(SERVER_NODE_FLAGS).toContain("--initial-old-space-size=128");
    expect(argv.slice(1)).toEqual([...SERVER_NODE_FLAGS, SERVER_ENTRY]);
    expect((await anonymous.request("GET", "/api/health")).status).toBe(200);
  });
});
