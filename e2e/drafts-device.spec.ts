import { editorText, expect, expectContent, fillContent, openEditor, seed, serverDoc, test, uniqueTitle } from "./support/fixtures.ts";
import { failIndexedDbWritesOnDemand, storedDrafts } from "./support/drafts.ts";

// Issue 11 item 7: drafts live in IndexedDB, so a 4 MiB document's draft (8 MB as localStorage's
// UTF-16, past its 5 MB) survives a crash; and a draft that cannot be stored says so and never
// comes back later as if it were the newest text. Real Chromium IndexedDB.

const FOUR_MIB = 4 * 1024 * 1024;

test.describe("drafts on this device", () => {
  test("a 4 MiB document's draft survives a crashed tab", async ({ page, request, browser, baseURL }, info) => {
    // 4 MiB to fetch, parse, draw and store twice, beside another worker: minutes on 2 cores.
    test.setTimeout(300_000);
    // As large as a write may be: 4 MiB of JSON body (each line feed is two bytes there), a
    // little of it for the JSON around the content.
    const line = "All work and no play makes Jack a dull boy. 0123456789 abcdefghijklmnopqrstuvwxyz\n";
    const content = line.repeat(Math.floor((FOUR_MIB - 1024) / (line.length + 1)));
    const doc = await seed(request, uniqueTitle(info.title), content);
    // 4 MiB to read, parse and render: more than the usual 10 s on a loaded machine.
    await page.goto(`/documents/${doc.id}`);
    await expect(page.getByLabel("Content")).toBeVisible({ timeout: 60_000 });
    const editor = page.getByLabel("Content");
    await editor.focus();
    await page.keyboard.press("Control+End");
    // One input event: each keystroke would store the 4 MiB draft again.
    await page.keyboard.insertText("typed before the crash");
    const typed = `${content}typed before the crash`;
    await expect.poll(async () => (await storedDrafts(page, doc.id)).map((d) => d.content === typed), { timeout: 60_000 }).toEqual([true]);
    await expect(page.getByText("Not saved on this device")).toHaveCount(0);

    // The device's storage as the crash leaves it (the draft in IndexedDB, the heartbeat still
    // fresh); then a renderer crash: no pagehide, no unload.
    const storage = await page.context().storageState({ indexedDB: true });
    const cdp = await page.context().newCDPSession(page);
    void cdp.send("Page.crash").catch(() => undefined);
    await page.waitForEvent("crash");

    // A new tab of the same browser profile: a page in the crashed context would share its renderer.
    const recovered = await browser.newContext({ baseURL, storageState: storage });
    const next = await recovered.newPage();
    // 20 s later as far as the new tab knows: the crashed tab has not marked itself alive since.
    await next.clock.install({ time: Date.now() + 20_000 });
    await next.goto(`/documents/${doc.id}`);
    await expect(next.getByTestId("notice")).toHaveText("Restored your unsaved changes.", { timeout: 60_000 });
    const restored = await editorText(next);
    expect(restored.length).toBe(typed.length);
    expect(restored === typed).toBe(true);
    await expect(next.getByTestId("save-status")).toHaveText("Unsaved changes");
    await recovered.close();
  });

  test("a draft left in localStorage by the previous version moves to IndexedDB once, and opens", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "one\n");
    const me = await (await request.get("/api/me")).json();
    const key = `tandem:draft:@${encodeURIComponent(me.id)}:${doc.id}:old-tab`;
    const old = { docId: doc.id, tab: "old-tab", title: doc.title, content: "one\ntyped before the upgrade\n", baseVersion: 1, baseEtag: doc.etag };
    await page.goto("/");
    await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [key, JSON.stringify(old)]);
    await openEditor(page, doc.id);
    await expectContent(page, "one\ntyped before the upgrade\n");
    await expect(page.getByTestId("notice")).toHaveText("Restored your unsaved changes.");
    expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBeNull();
    expect((await storedDrafts(page, doc.id)).map((d) => d.content)).toEqual(["one\ntyped before the upgrade\n"]);
  });

  for (const mode of ["put", "put+delete"] as const) {
    test(`a draft that cannot be stored says "Not saved on this device" and never comes back as newer (${mode} fails)`, async ({ page, request }, info) => {
      await failIndexedDbWritesOnDemand(page);
      const doc = await seed(request, uniqueTitle(info.title), "saved\n");
      await openEditor(page, doc.id);
      await fillContent(page, "saved\nfirst draft\n");
      await expect.poll(async () => (await storedDrafts(page, doc.id)).map((d) => d.content)).toEqual(["saved\nfirst draft\n"]);

      // The disk fills up: the next draft cannot be written.
      await page.evaluate((m) => localStorage.setItem("e2e:fail-idb", m), mode);
      await fillContent(page, "saved\nfirst draft\nsecond draft, only on screen\n");
      await expect(page.getByTestId("draft-status")).toHaveText("Not saved on this device");
      // The older draft is gone when it can be deleted; when it cannot, it stays but is marked stale.
      if (mode === "put") await expect.poll(async () => (await storedDrafts(page, doc.id)).length).toBe(0);
      else expect((await storedDrafts(page, doc.id)).map((d) => d.content)).toEqual(["saved\nfirst draft\n"]);

      await page.reload();
      await expect(page.getByTestId("save-status")).toHaveText("Saved · v1");
      await expectContent(page, "saved\n");
      await expect(page.getByTestId("notice")).toHaveCount(0);
      expect((await serverDoc(request, doc.id)).body.version).toBe(1);

      // Storage works again: typing keeps a draft and the warning goes.
      await page.evaluate(() => localStorage.removeItem("e2e:fail-idb"));
      await fillContent(page, "saved\nthird\n");
      await expect.poll(async () => (await storedDrafts(page, doc.id)).map((d) => d.content)).toContain("saved\nthird\n");
      await expect(page.getByTestId("draft-status")).toHaveCount(0);
    });
  }
});
