import { editorText, expect, expectContent, openEditor, putAs, seed, serverDoc, test, uniqueTitle } from "./support/fixtures.ts";

test.describe("the Markdown editor (CodeMirror)", () => {
  test("keeps the accessible name Content, numbers lines, and saves with Ctrl+S", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "# Plan\n\n- one\n");
    await openEditor(page, doc.id);
    const content = page.getByRole("textbox", { name: "Content" });
    await expect(content).toBeEditable();
    await expect(page.getByTestId("content-editor").locator(".cm-gutters")).toContainText("3");
    await content.click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("- two");
    await expectContent(page, "# Plan\n\n- one\n- two");
    await page.keyboard.press("ControlOrMeta+S");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ content: "# Plan\n\n- one\n- two", version: 2 });
  });

  test("keeps CRLF line endings byte for byte while typing", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "x\r\ny\r\n");
    await openEditor(page, doc.id);
    await page.getByLabel("Content").click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("z");
    await page.keyboard.press("ControlOrMeta+S");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    expect((await serverDoc(request, doc.id)).body.content).toBe("x\r\ny\r\nz");
  });

  test("the undo history survives a save and another writer's update", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "a\nb\nc\n");
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    await page.getByLabel("Content").click();
    await page.keyboard.press("ControlOrMeta+End");
    // One input (as an IME or a fast typist makes it): one undo step however slow the machine.
    await page.keyboard.insertText("mine");
    await page.keyboard.press("ControlOrMeta+S");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    // Bo changes the first line; the clean editor takes it in live.
    await putAs(bo.api, doc.id, { title: doc.title, content: "A by Bo\nb\nc\nmine" });
    await expectContent(page, "A by Bo\nb\nc\nmine");
    // Undo takes back my own typing, not Bo's line.
    await page.getByLabel("Content").focus();
    await page.keyboard.press("ControlOrMeta+Z");
    await expectContent(page, "A by Bo\nb\nc\n");
    await page.keyboard.press("ControlOrMeta+Shift+Z");
    await expectContent(page, "A by Bo\nb\nc\nmine");
  });

  test("search and replace", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "cat and cat\nanother cat\n");
    await openEditor(page, doc.id);
    await page.getByLabel("Content").click();
    await page.keyboard.press("ControlOrMeta+F");
    await page.getByRole("textbox", { name: "Find" }).fill("cat");
    await page.getByRole("textbox", { name: "Replace" }).fill("dog");
    await page.getByRole("button", { name: "replace all" }).click();
    await expectContent(page, "dog and dog\nanother dog\n");
    await expect(page.getByText("Unsaved changes")).toBeVisible();
  });

  test("Preview renders the Markdown beside the editor and follows typing", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "# Heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ [site](https://example.com)\n");
    await openEditor(page, doc.id);
    await page.getByRole("button", { name: "Preview", pressed: false }).click();
    const preview = page.getByRole("article", { name: "Preview" });
    await expect(preview.getByRole("heading", { name: "Heading", level: 1 })).toBeVisible();
    await expect(preview.getByRole("table")).toContainText("1");
    await expect(preview.locator("s")).toHaveText("old");
    await expect(preview.getByRole("link", { name: "site" })).toHaveAttribute("rel", "noopener noreferrer");
    // Side by side: both visible at once on a wide screen.
    await expect(page.getByLabel("Content")).toBeVisible();
    await page.getByLabel("Content").click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("\n## Added");
    await expect(preview.getByRole("heading", { name: "Added", level: 2 })).toBeVisible();
    expect(await editorText(page)).toContain("## Added");
  });

  test("on a narrow screen Preview shows Write and Preview tabs", async ({ page, request }, info) => {
    await page.setViewportSize({ width: 390, height: 800 });
    const doc = await seed(request, uniqueTitle(info.title), "# Narrow\n");
    await openEditor(page, doc.id);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByRole("tab", { name: "Preview", selected: true })).toBeVisible();
    await expect(page.getByRole("article", { name: "Preview" }).getByRole("heading", { name: "Narrow" })).toBeVisible();
    await expect(page.getByLabel("Content")).toBeHidden();
    await page.getByRole("tab", { name: "Write" }).click();
    await expect(page.getByLabel("Content")).toBeVisible();
    await expect(page.getByRole("article", { name: "Preview" })).toBeHidden();
  });
});
