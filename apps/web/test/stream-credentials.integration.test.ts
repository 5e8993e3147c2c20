import { openEventStream, testProviders, type TestEventStream } from "@tandem/testkit";
import { describe, expect, it } from "vitest";
import { useServer } from "./support/harness.ts";

/** Whether the stream ends within `ms`. */
function endsWithin(stream: TestEventStream, ms: number): Promise<boolean> {
  return Promise.race([stream.ended.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

for (const provider of testProviders()) {
  describe(`event streams end when their credentials do (${provider})`, () => {
    const api = useServer(provider, { TANDEM_STREAM_RECHECK_MS: "500" });

    it("a revoked token's document and workspace streams end within the recheck interval", async () => {
      const d = await api().seed();
      const bo = await api().member(d.id, "Bo");
      const headers = { authorization: `Bearer ${bo.account.token}` };
      const doc = await openEventStream(`${api().baseUrl}/api/documents/${d.id}/events`, headers);
      const ws = await openEventStream(`${api().baseUrl}/api/events`, headers);
      await Promise.all([doc.next((e) => e.event === "version"), ws.next((e) => e.event === "ready")]);
      const tokens = await bo.request("GET", "/api/tokens");
      expect((await bo.request("DELETE", `/api/tokens/${tokens.body[0].id}`)).status).toBe(204);
      expect(await endsWithin(doc, 5_000)).toBe(true);
      expect(await endsWithin(ws, 5_000)).toBe(true);
    });

    it("a signed-out session's streams end too; another person's stay open", async () => {
      const d = await api().seed();
      const cy = await api().member(d.id, "Cy");
      const origin = new URL(api().baseUrl).origin;
      const mine = await openEventStream(`${api().baseUrl}/api/documents/${d.id}/events`, { cookie: cy.account.cookie });
      const ann = await openEventStream(`${api().baseUrl}/api/documents/${d.id}/events`, { authorization: `Bearer ${api().owner.token}` });
      await Promise.all([mine.next((e) => e.event === "version"), ann.next((e) => e.event === "version")]);
      const out = await fetch(`${api().baseUrl}/api/auth/sign-out`, { method: "POST", headers: { cookie: cy.account.cookie, origin, "content-type": "application/json" }, body: "{}" });
      expect(out.status).toBe(200);
      expect(await endsWithin(mine, 5_000)).toBe(true);
      expect(await endsWithin(ann, 1_500)).toBe(false);
      ann.close();
    });
  });
}
