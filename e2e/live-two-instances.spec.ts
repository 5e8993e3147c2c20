import { expect, fillContent, openEditor, seed, signedInContext, test, uniqueTitle } from "./support/fixtures.ts";
import { startSecondInstance } from "./support/second-instance.ts";

// Issue 10's "done when": two browsers on two instances see each other's saves and presence,
// through PostgreSQL LISTEN/NOTIFY, with nothing polled. PostgreSQL only (playwright.config.ts):
// SQLite is one instance by design.

test("two browsers on two instances see each other's presence and saves at once, nothing polled", async ({ browser, baseURL, account, request, writer }, info) => {
  const second = await startSecondInstance(baseURL!, 3360 + Number(process.env.TANDEM_E2E_PORT_OFFSET ?? 0) + info.parallelIndex);
  try {
    const doc = await seed(request, uniqueTitle(info.title), "one\ntwo\n");
    const bo = (await writer(doc.id, "Bo")).account;
    const ann = await (await signedInContext(browser, baseURL!, account)).newPage();
    const boPage = await (await signedInContext(browser, second.baseURL, bo)).newPage();
    const annReads: number[] = [];
    ann.on("request", (r) => {
      if (r.method() === "GET" && new URL(r.url()).pathname === `/api/documents/${doc.id}`) annReads.push(Date.now());
    });

    await openEditor(ann, doc.id);
    await openEditor(boPage, doc.id);
    await expect(ann.getByRole("list", { name: "Also here" })).toHaveText("Bo is viewing");
    await expect(boPage.getByRole("list", { name: "Also here" })).toHaveText("Ann is viewing");

    await fillContent(ann, "one\ntwo\nAnn's line\n");
    await expect(boPage.getByRole("list", { name: "Also here" })).toHaveText("Ann is editing");
    await boPage.getByLabel("Title").fill(`${doc.title} (Bo)`);
    await expect(ann.getByRole("list", { name: "Also here" })).toHaveText("Bo is editing");

    const before = annReads.length;
    const saved = Date.now();
    await boPage.keyboard.press("Control+s");
    await expect(boPage.getByTestId("save-status")).toHaveText("Saved · v2");
    await expect(ann.getByRole("alert").filter({ hasText: "Changed by Bo in another window — v2" })).toBeVisible();
    // One read, because the event said v2 (after the save, not on a timer); nothing else.
    expect(annReads.slice(before).every((t) => t >= saved)).toBe(true);
    expect(annReads.length - before).toBe(1);
  } finally {
    await second.stop();
  }
});
