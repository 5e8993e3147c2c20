import { expect, expectContent, openEditor, putAs, seed, serverDoc, test, uniqueTitle } from "./support/fixtures.ts";

test.describe("history", () => {
  test("lists every revision with its author, diffs one against the current text, and restores it", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "first draft\n");
    const bo = await writer(doc.id, "Bo");
    const cy = await writer(doc.id, "Cy");
    await putAs(bo.api, doc.id, { title: doc.title, content: "second draft\n" });
    await putAs(cy.api, doc.id, { title: doc.title, content: "third draft\n" });
    await openEditor(page, doc.id);
    await page.getByRole("button", { name: "History" }).click();
    const history = page.getByRole("complementary", { name: "History" });
    // Newest first (`order=newest`): the latest change on top, earlier ones load as the list is scrolled.
    await expect(history.getByRole("button", { name: /^v\d/ })).toHaveText([/v3 edited by Cy/, /v2 edited by Bo/, /v1 created by Ann/]);

    await history.getByRole("button", { name: /v1 created by Ann/ }).click();
    const diff = history.getByLabel("Diff of v1 against the current version");
    await expect(diff.locator("del")).toHaveText("first draft");
    await expect(diff.locator("ins")).toHaveText("third draft");

    await history.getByRole("button", { name: "Restore v1" }).click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v4");
    await expectContent(page, "first draft\n");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ content: "first draft\n", version: 4, updatedBy: "Ann" });
    await expect(history.getByRole("button", { name: /^v\d/ }).first()).toHaveText(/v4 edited by Ann/);
  });
});
