import { expect, expectContent, fillContent, openEditor, putAs, seed, serverDoc, test, uniqueTitle } from "./support/fixtures.ts";

test.describe("editing a document", () => {
  test("Save sends If-Match and shows the new version; unsaved state is visible", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "one\ntwo\n");
    await openEditor(page, doc.id);
    await expect(page.getByLabel("Title")).toHaveValue(doc.title);
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v1");
    await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();

    await fillContent(page, "one\ntwo\nthree\n");
    await expect(page.getByTestId("save-status")).toHaveText("Unsaved changes");
    const put = page.waitForRequest((r) => r.method() === "PUT" && r.url().endsWith(`/api/documents/${doc.id}`));
    await page.getByRole("button", { name: "Save" }).click();
    expect((await put).headers()["if-match"]).toBe(doc.etag);
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    const server = await serverDoc(request, doc.id);
    expect(server.body).toMatchObject({ content: "one\ntwo\nthree\n", version: 2, updatedBy: "Ann" });
  });

  test("Ctrl+S saves from the keyboard", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "a\n");
    await openEditor(page, doc.id);
    await page.getByLabel("Title").fill(`${doc.title} (renamed)`);
    await page.keyboard.press("Control+s");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    expect((await serverDoc(request, doc.id)).body.title).toBe(`${doc.title} (renamed)`);
  });

  test("a title-only edit and a content-only edit by two users merge cleanly on save", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "first line\nsecond line\n");
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    await fillContent(page, "first line\nsecond line, edited by Ann\n");
    await putAs(bo.api, doc.id, { title: `${doc.title} — by Bo`, content: doc.content });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("notice")).toHaveText(/Merged with changes by Bo in v2/);
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v3");
    await expect(page.getByLabel("Title")).toHaveValue(`${doc.title} — by Bo`);
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ title: `${doc.title} — by Bo`, content: "first line\nsecond line, edited by Ann\n", version: 3 });

    await page.getByRole("button", { name: "View changes" }).click();
    const changes = page.getByRole("dialog", { name: "Changes by Bo in v2" });
    await expect(changes).toContainText("— by Bo");
    await page.keyboard.press("Escape");
    await expect(changes).toBeHidden();
  });

  test("non-overlapping content edits merge automatically (no dialog)", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "a\nb\nc\nd\ne\n");
    const cy = await writer(doc.id, "Cy");
    await openEditor(page, doc.id);
    await fillContent(page, "A\nb\nc\nd\ne\n");
    await putAs(cy.api, doc.id, { title: doc.title, content: "a\nb\nc\nd\nE\n" });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v3");
    await expect(page.getByRole("dialog", { name: "Resolve conflicts" })).toHaveCount(0);
    await expectContent(page, "A\nb\nc\nd\nE\n");
  });
});
