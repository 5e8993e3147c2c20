import { expect, expectContent, fillContent, openEditor, putAs, seed, serverDoc, share, signedInContext, test, uniqueTitle } from "./support/fixtures.ts";
import { storedDrafts } from "./support/drafts.ts";

// Only a document's owner may delete it; editors keep their text when it goes.

test.describe("deleting", () => {
  test("Delete asks for confirmation, deletes with If-Match and leaves the list", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "bye\n");
    await openEditor(page, doc.id);
    await page.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete document?" });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    expect((await serverDoc(request, doc.id)).status).toBe(200);

    await page.getByRole("button", { name: "Delete" }).click();
    const del = page.waitForRequest((r) => r.method() === "DELETE");
    await page.getByRole("alertdialog", { name: "Delete document?" }).getByRole("button", { name: "Delete" }).click();
    expect((await del).headers()["if-match"]).toBe(doc.etag);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText(doc.title)).toHaveCount(0);
    expect((await serverDoc(request, doc.id)).status).toBe(410);
  });

  test("my delete meets a newer version: asked again, with their change named", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "v1\n");
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    // Unsaved changes keep the editor on v1 when Bo's v2 is pushed (a clean one would move to it).
    await fillContent(page, "v1\nmine\n");
    await putAs(bo.api, doc.id, { title: doc.title, content: "v2 by Bo\n" });
    await expect(page.getByRole("alert").filter({ hasText: "Changed by Bo in another window — v2" })).toBeVisible();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog", { name: "Delete document?" }).getByRole("button", { name: "Delete" }).click();
    const again = page.getByRole("alertdialog", { name: "Document changed" });
    await expect(again).toContainText("Bo changed this document (v2)");
    expect((await serverDoc(request, doc.id)).status).toBe(200);
    await again.getByRole("button", { name: "Delete anyway" }).click();
    await expect(page).toHaveURL(/\/$/);
    expect((await serverDoc(request, doc.id)).status).toBe(410);
  });

  test("someone deletes while I edit: my text stays, and I can re-create the document with it", async ({ browser, baseURL, account, person }, info) => {
    // Eve owns the document and shares it with Ann (this test's account), who edits it.
    const eve = await person("Eve");
    const doc = await seed(eve.api, uniqueTitle(info.title), "shared\n");
    await share(eve.api, doc.id, account, "editor");
    // Ann's save itself meets the deletion: nothing tells her editor first (its stream, and the
    // reads it polls with while the stream is down, are kept away once it has loaded).
    const annContext = await signedInContext(browser, baseURL!, account);
    await annContext.route(/\/events(\?|$)/, (route) => route.abort());
    const ann = await annContext.newPage();
    const evePage = await (await signedInContext(browser, baseURL!, eve.account)).newPage();
    await openEditor(ann, doc.id);
    await annContext.route(`**/api/documents/${doc.id}`, (route) => (route.request().method() === "GET" ? route.abort() : route.continue()));
    await openEditor(evePage, doc.id);
    await fillContent(ann, "shared\nAnn's important paragraph\n");

    await evePage.getByRole("button", { name: "Delete" }).click();
    await evePage.getByRole("alertdialog", { name: "Delete document?" }).getByRole("button", { name: "Delete" }).click();
    await expect(evePage).toHaveURL(/\/$/);

    await ann.getByRole("button", { name: "Save" }).click();
    const panel = ann.getByRole("alert").filter({ hasText: "Eve deleted this document" });
    await expect(panel).toBeVisible();
    await expectContent(ann, "shared\nAnn's important paragraph\n");
    await panel.getByRole("button", { name: "Re-create with my text" }).click();
    await expect(ann.getByTestId("save-status")).toHaveText("Saved · v3");
    expect((await serverDoc(eve.api, doc.id)).body).toMatchObject({ content: "shared\nAnn's important paragraph\n", version: 3, updatedBy: "Ann" });
  });

  test("a deletion elsewhere (pushed by the stream) keeps the unsaved text until it is explicitly discarded", async ({ page, account, person }, info) => {
    const eve = await person("Eve");
    const doc = await seed(eve.api, uniqueTitle(info.title), "keep me\n");
    await share(eve.api, doc.id, account, "editor");
    await openEditor(page, doc.id);
    await fillContent(page, "keep me\nplus my edit\n");
    const etag = (await eve.api.get(`/api/documents/${doc.id}`)).headers()["etag"]!;
    expect((await eve.api.delete(`/api/documents/${doc.id}`, { headers: { "if-match": etag } })).status()).toBe(204);
    const panel = page.getByRole("alert").filter({ hasText: "Eve deleted this document" });
    await expect(panel).toBeVisible({ timeout: 8_000 });
    await page.reload();
    await expect(page.getByRole("alert").filter({ hasText: "Eve deleted this document" })).toBeVisible();
    await expectContent(page, "keep me\nplus my edit\n");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Discard my text" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect.poll(async () => (await storedDrafts(page, doc.id)).length).toBe(0);
  });
});
