import { expect, seed, share, test, uniqueTitle } from "./support/fixtures.ts";

test.describe("the document list", () => {
  test("shows title, version and last editor; search finds by title", async ({ page, request, account, person }, info) => {
    const tag = uniqueTitle(info.title);
    await seed(request, `${tag} apples`, "a");
    // Bo's document, shared with Ann: the list holds what Ann is a member of.
    const bo = await person("Bo");
    const pears = await seed(bo.api, `${tag} pears`, "p");
    await share(bo.api, pears.id, account, "editor");
    await page.goto("/");
    const list = page.getByRole("region", { name: "Documents" });
    await expect(list.getByRole("link", { name: new RegExp(`${tag} apples`) })).toContainText("v1 · edited by Ann");
    await page.getByLabel("Search", { exact: true }).fill("pe");
    await expect(list.getByRole("link")).toHaveCount(1);
    await expect(list.getByRole("link")).toContainText(`${tag} pears`);
    await expect(list.getByRole("link")).toContainText("edited by Bo");
  });

  test("another account's documents are not listed unless shared", async ({ page, person }, info) => {
    const tag = uniqueTitle(info.title);
    const bo = await person("Bo");
    await seed(bo.api, `${tag} private`, "p");
    await page.goto("/");
    await page.getByLabel("Search", { exact: true }).fill(tag);
    await expect(page.getByRole("region", { name: "Documents" }).getByText(/No document holds/)).toBeVisible();
  });

  test("New document creates one and opens the editor", async ({ page }, info) => {
    const title = uniqueTitle(info.title);
    await page.goto("/");
    await page.getByLabel("New document title").fill(title);
    await page.getByRole("button", { name: "New document" }).click();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v1");
  });
});
