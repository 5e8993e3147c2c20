import { expect, expectContent, fillContent, openEditor, seed, serverDoc, signedInContext, test, uniqueTitle } from "./support/fixtures.ts";

// Issue 11 item 6: the Summary next to Save says why; it is stored with the revision and shown
// in History and in the notice of the person whose save merged over it.

test.describe("edit summaries", () => {
  test("the Summary goes with the save, empties afterwards, and History shows it", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "meeting on the 3rd\n");
    await openEditor(page, doc.id);
    const summary = page.getByLabel("Summary");
    await expect(summary).toHaveAttribute("maxlength", "200");
    await fillContent(page, "meeting on the 4th\n");
    await summary.fill("fix dates");
    const put = page.waitForRequest((r) => r.method() === "PUT" && r.url().endsWith(`/api/documents/${doc.id}`));
    await page.getByRole("button", { name: "Save" }).click();
    expect((await put).postDataJSON()).toMatchObject({ content: "meeting on the 4th\n", summary: "fix dates" });
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    await expect(summary).toHaveValue("");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ version: 2, summary: "fix dates" });

    await page.getByRole("button", { name: "History" }).click();
    const history = page.getByRole("complementary", { name: "History" });
    await expect(history.getByRole("button", { name: /v2 edited by Ann/ })).toContainText("fix dates");
    await expect(history.getByRole("button", { name: /v1 created by Ann/ })).not.toContainText("fix dates");
  });

  test("Enter in the Summary saves; a reload keeps an unsaved summary with the draft", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "a\n");
    await openEditor(page, doc.id);
    await fillContent(page, "a\nb\n");
    await page.getByLabel("Summary").fill("add b");
    await page.waitForTimeout(400); // the draft is written 200 ms after the last keystroke
    await page.reload();
    await expectContent(page, "a\nb\n");
    await expect(page.getByLabel("Summary")).toHaveValue("add b");
    await page.getByLabel("Summary").press("Enter");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ content: "a\nb\n", summary: "add b" });
  });

  test("the other person's save merges over Bo's and the notice says why Bo changed it", async ({ page, request, browser, baseURL, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "title line\nbody line\n");
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    await fillContent(page, "title line\nbody line, edited by Ann\n");

    const boContext = await signedInContext(browser, baseURL!, bo.account);
    const boPage = await boContext.newPage();
    await openEditor(boPage, doc.id);
    await boPage.getByLabel("Title").fill(`${doc.title} (dated)`);
    await boPage.getByLabel("Summary").fill("fix dates");
    await boPage.getByRole("button", { name: "Save" }).click();
    await expect(boPage.getByTestId("save-status")).toHaveText("Saved · v2");
    await boContext.close();

    await page.getByRole("button", { name: "Save" }).click();
    const notice = page.getByTestId("notice");
    await expect(notice).toHaveText("Merged with changes by Bo in v2 — fix dates");
    await expect(notice.locator("em")).toHaveText("fix dates");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v3");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ version: 3, title: `${doc.title} (dated)`, content: "title line\nbody line, edited by Ann\n", summary: null });
  });
});
