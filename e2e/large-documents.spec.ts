import type { Page } from "@playwright/test";
import { expect, expectContent, fillContent, putAs, seed, serverDoc, test, uniqueTitle } from "./support/fixtures.ts";

// Documents over DIFF_SAVE_THRESHOLD_BYTES (64 KB) are saved as text/x-diff patches; every save
// asks for a merge on the server (Prefer: merge), so a stale one costs one round trip.

function largeText(): string {
  // ~80 KB: over the threshold, small enough for the browser to fill quickly.
  return Array.from({ length: 1300 }, (_, i) => `Paragraph ${i}: the quick brown fox jumps over the lazy dog.`).join("\n") + "\n";
}

/** openEditor with room for a large document to render on a busy machine. */
async function openLarge(page: Page, id: string): Promise<void> {
  await page.goto(`/documents/${id}`);
  await expect(page.getByLabel("Content")).toBeVisible({ timeout: 60_000 });
}

test.describe("saving large documents", () => {
  // Filling a textarea with 80 KB is slow on a busy machine.
  test.slow();

  test("a one-line edit of a large document is sent as a diff of a few hundred bytes", async ({ page, request }, info) => {
    const content = largeText();
    expect(content.length).toBeGreaterThan(64 * 1024);
    const doc = await seed(request, uniqueTitle(info.title), content);
    await openLarge(page, doc.id);
    const edited = content.replace("Paragraph 700: the quick", "Paragraph 700: the QUICK");
    await fillContent(page, edited);
    const sent = page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith(`/api/documents/${doc.id}`));
    await page.getByRole("button", { name: "Save" }).click();
    const patch = await sent;
    const headers = patch.headers();
    expect(headers["content-type"]).toBe("text/x-diff");
    expect(headers["if-match"]).toBe(doc.etag);
    expect(headers.prefer).toBe("merge");
    const body = patch.postDataBuffer()!;
    expect(body.byteLength, body.toString()).toBeLessThan(600);
    expect(body.toString()).toContain("+Paragraph 700: the QUICK");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2", { timeout: 30_000 });
    const server = await serverDoc(request, doc.id);
    expect(server.body).toMatchObject({ title: doc.title, content: edited, version: 2 });
  });

  test("a stale save of a large document is merged by the server in one round trip", async ({ page, request, writer }, info) => {
    const content = largeText();
    const doc = await seed(request, uniqueTitle(info.title), content);
    const bo = await writer(doc.id, "Bo");
    await openLarge(page, doc.id);
    const mine = content.replace("Paragraph 10: the quick", "Paragraph 10: Ann's quick");
    await fillContent(page, mine);
    await putAs(bo.api, doc.id, { title: doc.title, content: content.replace("Paragraph 1250: the quick", "Paragraph 1250: Bo's quick") });
    const writes: number[] = [];
    page.on("response", (r) => {
      if (r.url().endsWith(`/api/documents/${doc.id}`) && ["PUT", "PATCH"].includes(r.request().method())) writes.push(r.status());
    });
    const answer = page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().endsWith(`/api/documents/${doc.id}`));
    await page.getByRole("button", { name: "Save" }).click();
    expect((await answer).headers()["preference-applied"]).toBe("merge");
    await expect(page.getByTestId("notice")).toHaveText(/Merged with changes by Bo in v2/, { timeout: 30_000 });
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v3", { timeout: 30_000 });
    expect(writes).toEqual([200]);
    const both = content.replace("Paragraph 10: the quick", "Paragraph 10: Ann's quick").replace("Paragraph 1250: the quick", "Paragraph 1250: Bo's quick");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ content: both, version: 3 });
    await expectContent(page, both);
  });
});
