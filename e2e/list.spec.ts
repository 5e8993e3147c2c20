import { expect, seed, test, uniqueTitle } from "./support/fixtures.ts";

test.describe("the document list", () => {
  test("shows title, version and last editor; search filters by title", async ({ named: page, request }, info) => {
    const tag = uniqueTitle(info.title);
    await seed(request, `${tag} apples`, "a", "Ann");
    await seed(request, `${tag} pears`, "p", "Bo");
    await page.goto("/");
    const list = page.getByRole("region", { name: "Documents" });
    await expect(list.getByRole("link", { name: new RegExp(`${tag} apples`) })).toContainText("v1 · edited by Ann");
    await page.getByLabel("Search by title").fill(`${tag} pe`);
    await expect(list.getByRole("link")).toHaveCount(1);
    await expect(list.getByRole("link")).toContainText(`${tag} pears`);
    await expect(list.getByRole("link")).toContainText("edited by Bo");
  });

  test("New document creates one and opens the editor", async ({ named: page }, info) => {
    const title = uniqueTitle(info.title);
    await page.goto("/");
    await page.getByLabel("New document title").fill(title);
    await page.getByRole("button", { name: "New document" }).click();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v1");
  });
});
