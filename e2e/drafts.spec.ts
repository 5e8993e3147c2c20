import { expect, expectContent, fillContent, openEditor, putAs, seed, serverDoc, signedInContext, test, uniqueTitle } from "./support/fixtures.ts";
import { storedDrafts } from "./support/drafts.ts";

test.describe("drafts survive reloads", () => {
  test("an unsaved edit is restored after a reload", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "saved text\n");
    await openEditor(page, doc.id);
    await fillContent(page, "saved text\nunsaved line\n");
    await page.getByLabel("Title").fill(`${doc.title} draft`);
    await page.waitForTimeout(400); // the draft is written 200 ms after the last keystroke
    await page.reload();
    await expectContent(page, "saved text\nunsaved line\n");
    await expect(page.getByLabel("Title")).toHaveValue(`${doc.title} draft`);
    await expect(page.getByTestId("notice")).toHaveText("Restored your unsaved changes.");
    await expect(page.getByTestId("save-status")).toHaveText("Unsaved changes");
    expect((await serverDoc(request, doc.id)).body.version).toBe(1);
  });

  test("a draft whose base went stale is merged with the newer version on load", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "a\nb\nc\nd\n");
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    await fillContent(page, "A (draft)\nb\nc\nd\n");
    await page.waitForTimeout(400);
    // Closing the tab normally (pagehide) releases its draft for the next tab at once.
    await page.close({ runBeforeUnload: true });
    await putAs(bo.api, doc.id, { title: doc.title, content: "a\nb\nc\nD (Bo)\n" });

    const again = await page.context().newPage();
    await openEditor(again, doc.id);
    await expectContent(again, "A (draft)\nb\nc\nD (Bo)\n", { timeout: 20_000 });
    await expect(again.getByTestId("notice")).toHaveText(/Restored your unsaved changes from v1 and merged them with v2 by Bo/);
    await again.keyboard.press("Control+s");
    await expect(again.getByTestId("save-status")).toHaveText("Saved · v3");
  });

  test("a stale draft that conflicts opens the merge dialog on load", async ({ page, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "a\nb\nc\n");
    const bo = await writer(doc.id, "Bo");
    await openEditor(page, doc.id);
    await fillContent(page, "a\nb (draft)\nc\n");
    await page.waitForTimeout(400);
    await putAs(bo.api, doc.id, { title: doc.title, content: "a\nb (Bo)\nc\n" });
    await page.reload();
    const dialog = page.getByRole("dialog", { name: "Resolve conflicts" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Use mine" }).click();
    await dialog.getByRole("button", { name: "Save merged" }).click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v3");
    expect((await serverDoc(request, doc.id)).body.content).toBe("a\nb (draft)\nc\n");
  });
});

test.describe("drafts survive crashes and restarts", () => {
  test("a crashed tab's draft is adopted by the next tab once its heartbeat has stopped", async ({ browser, baseURL, request, account }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "one\n");
    const crashed = await signedInContext(browser, baseURL!, account);
    const page = await crashed.newPage();
    await openEditor(page, doc.id);
    await fillContent(page, "one\ntyped before the crash\n");
    await page.waitForTimeout(400);
    // A crash leaves the storage exactly as it is now: the draft (IndexedDB) still looks owned
    // and alive (its tab's heartbeat, localStorage).
    const storage = await crashed.storageState({ indexedDB: true });
    expect(JSON.stringify(storage)).toContain("typed before the crash");
    expect(storage.origins.flatMap((o) => o.localStorage.map((e) => e.name)).some((n) => n.startsWith("tandem:alive:"))).toBe(true);

    const recovered = await browser.newContext({ baseURL, storageState: storage });
    const next = await recovered.newPage();
    // 20 s later as far as the new tab knows: the crashed tab has not marked itself alive since.
    await next.clock.install({ time: Date.now() + 20_000 });
    await openEditor(next, doc.id);
    await expectContent(next, "one\ntyped before the crash\n");
    await expect(next.getByTestId("notice")).toHaveText("Restored your unsaved changes.");
    await crashed.close();
    await recovered.close();
  });

  test("a browser restart (same storage, new session) restores the draft", async ({ browser, baseURL, request, account }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "x\n");
    const before = await signedInContext(browser, baseURL!, account);
    const page = await before.newPage();
    await openEditor(page, doc.id);
    await fillContent(page, "x\nwritten before the restart\n");
    await page.waitForTimeout(400);
    await page.close({ runBeforeUnload: true });
    const storage = await before.storageState({ indexedDB: true });
    await before.close();

    const after = await browser.newContext({ baseURL, storageState: storage });
    const restored = await after.newPage();
    await openEditor(restored, doc.id);
    await expectContent(restored, "x\nwritten before the restart\n");
    await after.close();
  });

  test("two tabs editing one document keep separate drafts", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "base\n");
    const other = await page.context().newPage();
    await openEditor(page, doc.id);
    await openEditor(other, doc.id);
    await fillContent(page, "base\nfrom tab 1\n");
    await fillContent(other, "base\nfrom tab 2\n");
    // Both drafts on the device (IndexedDB writes are asynchronous: a reload must not race them).
    await expect.poll(async () => (await storedDrafts(page, doc.id)).map((d) => d.content).sort()).toEqual(["base\nfrom tab 1\n", "base\nfrom tab 2\n"]);
    await page.reload();
    await other.reload();
    await expectContent(page, "base\nfrom tab 1\n");
    await expectContent(other, "base\nfrom tab 2\n");
  });
});
