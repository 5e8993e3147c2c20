import { expect, openEditor, putAs, seed, serverDoc, test, uniqueTitle, userContext } from "./support/fixtures.ts";

test.describe("deleting", () => {
  test("Delete asks for confirmation, deletes with If-Match and leaves the list", async ({ named: page, request }, info) => {
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

  test("my delete meets a newer version: asked again, with their change named", async ({ named: page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "v1\n");
    await openEditor(page, doc.id);
    await putAs(request, doc.id, "Bo", { title: doc.title, content: "v2 by Bo\n" });
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog", { name: "Delete document?" }).getByRole("button", { name: "Delete" }).click();
    const again = page.getByRole("alertdialog", { name: "Document changed" });
    await expect(again).toContainText("Bo changed this document (v2)");
    expect((await serverDoc(request, doc.id)).status).toBe(200);
    await again.getByRole("button", { name: "Delete anyway" }).click();
    await expect(page).toHaveURL(/\/$/);
    expect((await serverDoc(request, doc.id)).status).toBe(410);
  });

  test("someone deletes while I edit: my text stays, and I can re-create the document with it", async ({ browser, request, baseURL }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "shared\n");
    const ann = await (await userContext(browser, baseURL!, "Ann")).newPage();
    const eve = await (await userContext(browser, baseURL!, "Eve")).newPage();
    await openEditor(ann, doc.id);
    await openEditor(eve, doc.id);
    await ann.getByLabel("Content").fill("shared\nAnn's important paragraph\n");

    await eve.getByRole("button", { name: "Delete" }).click();
    await eve.getByRole("alertdialog", { name: "Delete document?" }).getByRole("button", { name: "Delete" }).click();
    await expect(eve).toHaveURL(/\/$/);

    await ann.getByRole("button", { name: "Save" }).click();
    const panel = ann.getByRole("alert").filter({ hasText: "Eve deleted this document" });
    await expect(panel).toBeVisible();
    await expect(ann.getByLabel("Content")).toHaveValue("shared\nAnn's important paragraph\n");
    await panel.getByRole("button", { name: "Re-create with my text" }).click();
    await expect(ann.getByTestId("save-status")).toHaveText("Saved · v3");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ content: "shared\nAnn's important paragraph\n", version: 3, updatedBy: "Ann" });
  });

  test("a deletion seen by polling keeps the unsaved text until it is explicitly discarded", async ({ named: page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "keep me\n");
    await openEditor(page, doc.id);
    await page.getByLabel("Content").fill("keep me\nplus my edit\n");
    const etag = (await request.get(`/api/documents/${doc.id}`)).headers()["etag"]!;
    expect((await request.delete(`/api/documents/${doc.id}`, { headers: { "if-match": etag, "x-author": "Eve" } })).status()).toBe(204);
    const panel = page.getByRole("alert").filter({ hasText: "Eve deleted this document" });
    await expect(panel).toBeVisible({ timeout: 8_000 });
    await page.reload();
    await expect(page.getByRole("alert").filter({ hasText: "Eve deleted this document" })).toBeVisible();
    await expect(page.getByLabel("Content")).toHaveValue("keep me\nplus my edit\n");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Discard my text" }).click();
    await expect(page).toHaveURL(/\/$/);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("tandem:draft:")).length)).toBe(0);
  });
});
