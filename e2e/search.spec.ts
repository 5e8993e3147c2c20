import { expect, seed, test, uniqueTitle } from "./support/fixtures.ts";

test.describe("searching and scrolling the document list", () => {
  test("search as you type finds a document by a word of its body, with the word marked", async ({ page, request, person }, info) => {
    const word = `okapi${Date.now().toString(36)}`;
    const title = uniqueTitle(info.title);
    await seed(request, title, `Field notes.\nWe saw an ${word} by the river.\n`);
    await seed(request, `${title} other`, "nothing to see");
    // Someone else's document with the same word is never found.
    const bo = await person("Bo");
    await seed(bo.api, `Bo ${word}`, `${word} ${word}`);
    await page.goto("/");
    const list = page.getByRole("region", { name: "Documents" });
    await page.getByLabel("Search", { exact: true }).pressSequentially(word.slice(0, 7), { delay: 40 });
    await expect(list.getByRole("link")).toHaveCount(1);
    await expect(list.getByRole("link")).toContainText(title);
    await expect(list.getByTestId("search-snippet").locator("mark")).toHaveText(word);
    await page.getByLabel("Search", { exact: true }).fill("");
    await expect(list.getByRole("link")).toHaveCount(2);
  });

  test("scrolling to the end of the list loads the next page", async ({ page, request }, info) => {
    const tag = uniqueTitle(info.title);
    // More than one page (50): seeded in parallel batches.
    for (let batch = 0; batch < 6; batch++) await Promise.all(Array.from({ length: 10 }, (_, i) => seed(request, `${tag} ${batch * 10 + i}`, "x")));
    await page.goto("/");
    const links = page.getByRole("region", { name: "Documents" }).getByRole("link");
    await expect(links).toHaveCount(50);
    await links.last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 5000);
    await expect(links).toHaveCount(60);
    await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  });
});
