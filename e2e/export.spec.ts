import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, openEditor, putAs, seed, test, uniqueTitle } from "./support/fixtures.ts";

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

test.describe("export as Markdown", () => {
  // CRLF, a blank line, non-ASCII and no final newline: what a careless export would change.
  const CONTENT = "# Plan\r\n\r\n- ünïcödé 📝\r\n- tab\there\r\nno final newline";

  test("Download saves the document byte for byte, named after its title", async ({ page, request }, info) => {
    const suffix = uniqueTitle(info.title).split(" ").pop()!;
    const doc = await seed(request, `Q3: plan/draft ${suffix}`, CONTENT);
    await openEditor(page, doc.id);
    const file = await download(page, () => page.getByRole("button", { name: "Download", exact: true }).click());
    expect(file.name).toBe(`Q3- plan-draft ${suffix}.md`);
    expect(file.bytes.equals(Buffer.from(CONTENT, "utf8"))).toBe(true);
  });

  test("any revision downloads from the history, byte for byte", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), CONTENT);
    const bo = await writer(doc.id, "Bo");
    await putAs(bo.api, doc.id, { title: doc.title, content: "second\n" });
    await openEditor(page, doc.id);
    await page.getByRole("button", { name: "History" }).click();
    const history = page.getByRole("complementary", { name: "History" });
    await history.getByRole("button", { name: /v1 created by Ann/ }).click();
    const first = await download(page, () => history.getByRole("button", { name: "Download v1" }).click());
    expect(first.name).toBe(`${doc.title} v1.md`);
    expect(first.bytes.equals(Buffer.from(CONTENT, "utf8"))).toBe(true);
    await history.getByRole("button", { name: /v2 edited by Bo/ }).click();
    const second = await download(page, () => history.getByRole("button", { name: "Download v2" }).click());
    expect(second.bytes.toString("utf8")).toBe("second\n");
  });
});
