import { expect, expectContent, fillContent, openEditor, putAs, seed, serverDoc, signedInContext, test, uniqueTitle } from "./support/fixtures.ts";

// Four lines of text between alpha and beta keep their conflicts apart (git, and so the
// merge engine, joins conflicts closer than that into one).
const MIDDLE = "middle 1\nmiddle 2\nmiddle 3\nmiddle 4\n";
const BASE = `intro\nalpha\n${MIDDLE}beta\noutro\n`;

test.describe("the merge dialog", () => {
  test("two users change the same line: the dialog resolves it with Use mine / Use theirs / Use both", async ({ browser, request, baseURL, account, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), BASE);
    const bo = await writer(doc.id, "Bo");
    const ann = await (await signedInContext(browser, baseURL!, account)).newPage();
    const boPage = await (await signedInContext(browser, baseURL!, bo.account)).newPage();
    await openEditor(ann, doc.id);
    await openEditor(boPage, doc.id);

    // Both type before either saves (a clean editor would simply move to the pushed version).
    await fillContent(boPage, `intro\nalpha by Bo\n${MIDDLE}beta by Bo\noutro\n`);
    await fillContent(ann, `intro\nalpha by Ann\n${MIDDLE}beta by Ann\noutro\n`);
    await ann.getByRole("button", { name: "Save" }).click();
    await expect(ann.getByTestId("save-status")).toHaveText("Saved · v2");

    // Bo saves anyway: the save meets Ann's version and the lines clash.
    await boPage.getByRole("button", { name: "Save" }).click();
    const dialog = boPage.getByRole("dialog", { name: "Resolve conflicts" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId("resolved-counter")).toHaveText("0 of 2 resolved");
    await expect(dialog.getByRole("button", { name: "Save merged" })).toBeDisabled();
    // Word-level highlights: the differing words are marked on each side.
    await expect(dialog.getByTestId("mine-text").first().locator("mark")).toHaveText(["Bo"]);
    await expect(dialog.getByTestId("theirs-text").first().locator("mark")).toHaveText(["Ann"]);
    // Base on demand.
    await dialog.getByRole("button", { name: "Show base" }).first().click();
    await expect(dialog.getByText("Base (the version you both started from)")).toBeVisible();

    const first = dialog.getByRole("group", { name: "Resolve conflict 1" });
    await first.getByRole("button", { name: "Use theirs" }).click();
    await expect(dialog.getByTestId("resolved-counter")).toHaveText("1 of 2 resolved");
    await dialog.getByRole("group", { name: "Resolve conflict 2" }).getByRole("button", { name: "Use both" }).click();
    await expect(dialog.getByTestId("resolved-counter")).toHaveText("2 of 2 resolved");
    // The preview is a CodeMirror view: one element per line (the final line break opens an empty one).
    await expect(dialog.getByTestId("preview-content").locator(".cm-line")).toHaveText(["intro", "alpha by Ann", ...MIDDLE.trimEnd().split("\n"), "beta by Bo", "beta by Ann", "outro", ""]);
    await dialog.getByRole("button", { name: "Save merged" }).click();
    await expect(dialog).toBeHidden();
    await expect(boPage.getByTestId("save-status")).toHaveText("Saved · v3");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ content: `intro\nalpha by Ann\n${MIDDLE}beta by Bo\nbeta by Ann\noutro\n`, version: 3, updatedBy: "Bo" });
  });

  test("inline edit resolves a conflict with custom text", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), BASE);
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    await fillContent(page, `intro\nalpha mine\n${MIDDLE}beta\noutro\n`);
    await putAs(bo.api, doc.id, { title: doc.title, content: `intro\nalpha theirs\n${MIDDLE}beta\noutro\n` });
    await page.getByRole("button", { name: "Save" }).click();
    const dialog = page.getByRole("dialog", { name: "Resolve conflicts" });
    await dialog.getByRole("button", { name: "Edit…" }).click();
    await dialog.getByLabel("Edit the result of conflict 1").fill("alpha, agreed\n");
    await dialog.getByRole("button", { name: "Apply edit" }).click();
    await dialog.getByRole("button", { name: "Save merged" }).click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v3");
    expect((await serverDoc(request, doc.id)).body.content).toBe(`intro\nalpha, agreed\n${MIDDLE}beta\noutro\n`);
  });

  test("keyboard only: Alt+↓ moves between conflicts, Enter picks, Esc closes and keeps the draft", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), BASE);
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    await fillContent(page, `intro\nalpha mine\n${MIDDLE}beta mine\noutro\n`);
    await putAs(bo.api, doc.id, { title: doc.title, content: `intro\nalpha theirs\n${MIDDLE}beta theirs\noutro\n` });
    await page.keyboard.press("Control+s");
    const dialog = page.getByRole("dialog", { name: "Resolve conflicts" });
    await expect(dialog).toBeVisible();

    // Esc closes without losing anything; the banner reopens the dialog.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expectContent(page, `intro\nalpha mine\n${MIDDLE}beta mine\noutro\n`);
    await expect(page.getByTestId("save-status")).toHaveText("Unsaved changes");
    await page.getByRole("button", { name: "Resolve conflicts" }).focus();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();

    // Focus starts on conflict 1; Alt+↓ goes to conflict 2, Alt+↑ back.
    await expect(dialog.getByRole("region", { name: /Conflict 1 of 2/ })).toBeFocused();
    await page.keyboard.press("Alt+ArrowDown");
    await expect(dialog.getByRole("region", { name: /Conflict 2 of 2/ })).toBeFocused();
    await page.keyboard.press("Alt+ArrowUp");
    await expect(dialog.getByRole("region", { name: /Conflict 1 of 2/ })).toBeFocused();

    // Tab to "Use mine" of conflict 1 and press Enter; focus moves on to conflict 2.
    await page.keyboard.press("Tab");
    await expect(dialog.getByRole("group", { name: "Resolve conflict 1" }).getByRole("button", { name: "Use mine" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(dialog.getByRole("region", { name: /Conflict 2 of 2/ })).toBeFocused();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(dialog.getByRole("group", { name: "Resolve conflict 2" }).getByRole("button", { name: "Use theirs" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(dialog.getByTestId("resolved-counter")).toHaveText("2 of 2 resolved");
    await dialog.getByRole("button", { name: "Save merged" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v3");
    expect((await serverDoc(request, doc.id)).body.content).toBe(`intro\nalpha mine\n${MIDDLE}beta theirs\noutro\n`);
  });

  test("focus stays inside the dialog (the page behind is inert)", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), BASE);
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    await fillContent(page, `intro\nalpha mine\n${MIDDLE}beta\noutro\n`);
    await putAs(bo.api, doc.id, { title: doc.title, content: `intro\nalpha theirs\n${MIDDLE}beta\noutro\n` });
    await page.keyboard.press("Control+s");
    const dialog = page.getByRole("dialog", { name: "Resolve conflicts" });
    await expect(dialog).toBeVisible();
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Tab");
      const inside = await page.evaluate(() => {
        const active = document.activeElement;
        return !!active && (active.closest("dialog") !== null || active === document.body);
      });
      expect(inside).toBe(true);
    }
  });

  test("three writers: a save that meets a newer version re-merges and keeps the choices that still apply", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), BASE);
    const bo = await writer(doc.id, "Bo");
    const cy = await writer(doc.id, "Cy");
    await openEditor(page, doc.id);
    await fillContent(page, `intro\nalpha mine\n${MIDDLE}beta mine\noutro\n`);
    await putAs(bo.api, doc.id, { title: doc.title, content: `intro\nalpha Bo\n${MIDDLE}beta Bo\noutro\n` });
    await page.getByRole("button", { name: "Save" }).click();
    const dialog = page.getByRole("dialog", { name: "Resolve conflicts" });
    await dialog.getByRole("group", { name: "Resolve conflict 1" }).getByRole("button", { name: "Use mine" }).click();
    await dialog.getByRole("group", { name: "Resolve conflict 2" }).getByRole("button", { name: "Use mine" }).click();

    // Cy (the third writer) changes the second conflict's lines again while the dialog is open.
    await putAs(cy.api, doc.id, { title: doc.title, content: `intro\nalpha Bo\n${MIDDLE}beta Cy\noutro\nappendix by Cy\n` });
    await dialog.getByRole("button", { name: "Save merged" }).click();
    await expect(dialog.getByText(/Cy saved v3 while you were resolving/)).toBeVisible();
    // Conflict 1 is unchanged (same id): its choice is kept. Conflict 2 changed: to do again.
    await expect(dialog.getByTestId("resolved-counter")).toHaveText("1 of 2 resolved");
    await expect(dialog.getByRole("region", { name: /Conflict 1 of 2/ })).toHaveAttribute("data-resolved", "true");
    await dialog.getByRole("group", { name: "Resolve conflict 2" }).getByRole("button", { name: "Use theirs" }).click();
    await dialog.getByRole("button", { name: "Save merged" }).click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v4");
    expect((await serverDoc(request, doc.id)).body.content).toBe(`intro\nalpha mine\n${MIDDLE}beta Cy\noutro\nappendix by Cy\n`);
  });
});
