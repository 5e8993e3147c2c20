import { expect, expectContent, fillContent, openEditor, putAs, seed, serverDoc, signedInContext, test, uniqueTitle } from "./support/fixtures.ts";

test.describe("knowing before you save", () => {
  test("another tab of the same browser: the warning appears at once (BroadcastChannel), Merge now folds it in", async ({ context, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "top\nmiddle\nbottom\n");
    const tab1 = await context.newPage();
    const tab2 = await context.newPage();
    await openEditor(tab1, doc.id);
    await openEditor(tab2, doc.id);
    await fillContent(tab2, "top\nmiddle\nbottom, edited in tab 2\n");

    await fillContent(tab1, "top, edited in tab 1\nmiddle\nbottom\n");
    await tab1.getByRole("button", { name: "Save" }).click();
    await expect(tab1.getByTestId("save-status")).toHaveText("Saved · v2");

    // The tab channel says "another tab" (the stream would say "another window"). The other tab
    // is the same account's, so the change is "by you".
    const banner = tab2.getByRole("alert").filter({ hasText: "Changed by you in another tab — v2" });
    await expect(banner).toBeVisible();
    await banner.getByRole("button", { name: "Merge now" }).click();
    await expectContent(tab2, "top, edited in tab 1\nmiddle\nbottom, edited in tab 2\n");
    await expect(tab2.getByTestId("save-status")).toHaveText("Unsaved changes");
    await tab2.keyboard.press("Control+s");
    await expect(tab2.getByTestId("save-status")).toHaveText("Saved · v3");
    expect((await serverDoc(request, doc.id)).body.content).toBe("top, edited in tab 1\nmiddle\nbottom, edited in tab 2\n");
  });

  test("another browser: the warning appears as soon as the save is pushed (the document's event stream)", async ({ browser, request, baseURL, account, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "one\ntwo\n");
    const boAccount = (await writer(doc.id, "Bo")).account;
    const ann = await (await signedInContext(browser, baseURL!, account)).newPage();
    const bo = await (await signedInContext(browser, baseURL!, boAccount)).newPage();
    await openEditor(ann, doc.id);
    await openEditor(bo, doc.id);
    // Both streams are up once each sees the other.
    await expect(ann.getByRole("list", { name: "Also here" })).toHaveText("Bo is viewing");
    await fillContent(ann, "one\ntwo\nthree by Ann\n");

    await bo.getByLabel("Title").fill(`${doc.title} (Bo)`);
    await bo.keyboard.press("Control+s");
    await expect(bo.getByTestId("save-status")).toHaveText("Saved · v2");
    // Pushed, not polled: nothing polls while the stream is up (live.spec.ts counts the reads).
    await expect(ann.getByRole("alert").filter({ hasText: "Changed by Bo in another window — v2" })).toBeVisible();
  });

  test("while the stream is down, polling costs a 304 while nothing changes", async ({ page, context, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "x\n");
    await context.route(/\/events(\?|$)/, (route) => route.abort());
    await openEditor(page, doc.id);
    await expect(page.getByText("Live updates paused — reconnecting")).toBeVisible();
    const response = await page.waitForResponse((r) => r.url().endsWith(`/api/documents/${doc.id}`) && r.request().method() === "GET" && r.status() === 304, { timeout: 10_000 });
    expect(response.request().headers()["if-none-match"]).toBe(doc.etag);
  });

  test("with no unsaved changes the editor simply moves to the newer version", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "old\n");
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    await putAs(bo.api, doc.id, { title: doc.title, content: "new\n" });
    await expectContent(page, "new\n");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    await expect(page.getByTestId("notice")).toHaveText("Updated to v2 by Bo.");
  });
});
