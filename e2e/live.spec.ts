import type { APIRequestContext, BrowserContext, Page, Request, Route } from "@playwright/test";
import { startTcpProxy } from "@tandem/testkit";
import { apiAs, expect, expectContent, fillContent, newAccount, openEditor, putAs, seed, serverDoc, share, signedInContext, test, uniqueTitle } from "./support/fixtures.ts";
import { freshPort, startFreshServer } from "./support/fresh-server.ts";

// Issue 10 in the browser: the editor and the list hear of saves and of who is here from the
// event streams, and poll only while a stream is down.

/** The polling tick: a quiet period longer than this with no read proves nothing is polled. */
const POLL_MS = 3_000;
const LIST_POLL_MS = 5_000;

/** Records a page's reads of one path (GET), with when they were sent. */
function readsOf(page: Page, path: string): { at: number[]; since(t: number): number } {
  const at: number[] = [];
  page.on("request", (r: Request) => {
    if (r.method() === "GET" && new URL(r.url()).pathname === path) at.push(Date.now());
  });
  return { at, since: (t) => at.filter((x) => x >= t).length };
}

/** Resolves once the page's event stream at `pathEnd` has answered (its headers are in). */
function streamOpened(page: Page, pathEnd: string) {
  return page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(pathEnd) && r.status() === 200, { timeout: 30_000 });
}

const presence = (page: Page) => page.getByRole("list", { name: "Also here" });
const listRow = (page: Page, id: string) => page.getByRole("region", { name: "Documents" }).locator(`a[href="/documents/${id}"]`);

async function editorWithStream(context: BrowserContext, id: string): Promise<Page> {
  const page = await context.newPage();
  const opened = streamOpened(page, `/api/documents/${id}/events`);
  await openEditor(page, id);
  await opened;
  return page;
}

test.describe("live updates", () => {
  test("two browsers see each other's presence and saves, nothing polled while the streams are up; the list updates live", async ({ browser, baseURL, account, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "one\ntwo\nthree\n");
    const boAccount = (await writer(doc.id, "Bo")).account;
    const annContext = await signedInContext(browser, baseURL!, account);
    const boContext = await signedInContext(browser, baseURL!, boAccount);

    // Ann's list, in a third page.
    const list = await annContext.newPage();
    const listReads = readsOf(list, "/api/documents");
    const listStream = streamOpened(list, "/api/events");
    await list.goto("/");
    await expect(listRow(list, doc.id)).toContainText(doc.title);
    await listStream;
    // Read on opening, and again when the stream says `ready` (caught up: subscribe, then read) —
    // twice or, when that read overtakes the first one still running, three times.
    await expect.poll(() => listReads.at.length).toBeGreaterThanOrEqual(2);
    await list.waitForTimeout(500);
    expect(listReads.at.length).toBeLessThanOrEqual(3);
    const listUp = Date.now();

    const annPath = `/api/documents/${doc.id}`;
    const ann = await editorWithStream(annContext, doc.id);
    const annReads = readsOf(ann, annPath);
    const bo = await editorWithStream(boContext, doc.id);
    const annUp = Date.now();

    // Each sees the other, never themselves; Ann's list counts the others (Bo).
    await expect(presence(ann)).toHaveText("Bo is viewing");
    await expect(presence(bo)).toHaveText("Ann is viewing");
    await expect(listRow(list, doc.id).getByTestId("presence-summary")).toHaveText("1 viewing");

    // Ann types (and keeps her changes unsaved); then Bo types.
    await fillContent(ann, "one\ntwo\nthree\nfour by Ann\n");
    await expect(presence(bo)).toHaveText("Ann is editing");
    await expect(listRow(list, doc.id).getByTestId("presence-summary")).toHaveText("1 viewing");
    const newTitle = `${doc.title} (Bo's title)`;
    await bo.getByLabel("Title").fill(newTitle);
    await expect(presence(ann)).toHaveText("Bo is editing");
    await expect(listRow(list, doc.id).getByTestId("presence-summary")).toHaveText("1 editing");

    // Longer than a polling interval of each page, and nothing was read.
    const quietUntil = Math.max(annUp + POLL_MS + 1_000, listUp + LIST_POLL_MS + 1_000);
    await ann.waitForTimeout(Math.max(0, quietUntil - Date.now()));
    expect(annReads.at, "the editor polled while its stream was up").toEqual([]);
    expect(listReads.since(listUp), "the list polled while its stream was up").toBe(0);

    // Bo saves: Ann, with unsaved changes, hears of it at once.
    const saved = Date.now();
    await bo.keyboard.press("Control+s");
    await expect(bo.getByTestId("save-status")).toHaveText("Saved · v2");
    const banner = ann.getByRole("alert").filter({ hasText: "Changed by Bo in another window — v2" });
    await expect(banner).toBeVisible();
    await expect(banner.getByRole("button", { name: "Merge now" })).toBeVisible();
    await expect(presence(ann)).toHaveText("Bo is viewing");
    // The list shows the new title without being polled: the `changed` event had it read.
    await expect(listRow(list, doc.id)).toContainText(newTitle);
    await expect(listRow(list, doc.id)).toContainText("v2 · edited by Bo");
    await expect(listRow(list, doc.id).getByTestId("presence-summary")).toHaveText("1 viewing");
    // Ann's editor read the document once, because the event said v2 — not on a timer.
    expect(annReads.at).toHaveLength(1);
    expect(annReads.at[0]!).toBeGreaterThanOrEqual(saved);

    // Merge now folds Bo's title in; Ann saves; Bo, with nothing unsaved, simply moves to v3.
    await banner.getByRole("button", { name: "Merge now" }).click();
    await expect(ann.getByLabel("Title")).toHaveValue(newTitle);
    await expectContent(ann, "one\ntwo\nthree\nfour by Ann\n");
    await ann.keyboard.press("Control+s");
    await expect(ann.getByTestId("save-status")).toHaveText("Saved · v3");
    await expectContent(bo, "one\ntwo\nthree\nfour by Ann\n");
    await expect(bo.getByTestId("notice")).toHaveText("Updated to v3 by Ann.");
    await expect(presence(bo)).toHaveText("Ann is viewing");
    await expect(listRow(list, doc.id).getByTestId("presence-summary")).toHaveText("1 viewing");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ version: 3, title: newTitle });

    // Bo leaves: gone from Ann's header.
    await bo.close();
    await expect(presence(ann)).toHaveCount(0);
    await annContext.close();
    await boContext.close();
  });

  test("opening a document someone is editing: a soft warning, gone once they save", async ({ browser, baseURL, account, request, writer }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "draft\n");
    const boAccount = (await writer(doc.id, "Bo")).account;
    const boContext = await signedInContext(browser, baseURL!, boAccount);
    const bo = await editorWithStream(boContext, doc.id);
    await fillContent(bo, "draft\nBo's paragraph\n");

    const annContext = await signedInContext(browser, baseURL!, account);
    const ann = await editorWithStream(annContext, doc.id);
    const warning = ann.getByTestId("editing-warning");
    await expect(warning).toHaveText("Bo is editing — your changes may conflict");
    await expect(presence(ann)).toHaveText("Bo is editing");
    // No lock: Ann can type.
    await ann.getByLabel("Title").fill(`${doc.title} (Ann)`);
    await expect(ann.getByTestId("save-status")).toHaveText("Unsaved changes");

    await bo.keyboard.press("Control+s");
    await expect(bo.getByTestId("save-status")).toHaveText("Saved · v2");
    await expect(warning).toHaveCount(0);
    await expect(presence(ann)).toHaveText("Bo is viewing");
    // Someone starting to edit later is in the header only.
    await fillContent(bo, "draft\nBo's paragraph\nmore\n");
    await expect(presence(ann)).toHaveText("Bo is editing");
    await expect(warning).toHaveCount(0);
    await annContext.close();
    await boContext.close();
  });

  test("the network drops: live updates pause and polling takes over; once the streams are back, polling stops", async ({ browser }, info) => {
    test.setTimeout(120_000);
    // A server of its own behind a TCP proxy, so that cutting connections disturbs no other test.
    const server = await startFreshServer(info.project.name, freshPort(info.project.name, info.parallelIndex), { TANDEM_ALLOWED_HOSTS: "127.0.0.1" });
    const proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(server.baseURL).port) });
    const baseURL = proxy.via(server.baseURL).replace(/\/$/, "");
    const apis: APIRequestContext[] = [];
    try {
      const annAccount = await newAccount(baseURL, "Ann");
      const boAccount = await newAccount(baseURL, "Bo");
      const annApi = await apiAs(baseURL, annAccount);
      const boApi = await apiAs(baseURL, boAccount);
      apis.push(annApi, boApi);
      const doc = await seed(annApi, uniqueTitle(info.title), "before\n");
      await share(annApi, doc.id, boAccount, "editor");

      const context = await signedInContext(browser, baseURL, annAccount);
      const docPath = `/api/documents/${doc.id}`;
      const page = await editorWithStream(context, doc.id);
      const reads = readsOf(page, docPath);
      const list = await context.newPage();
      const listUp = streamOpened(list, "/api/events");
      await list.goto("/");
      await listUp;
      const listReads = readsOf(list, "/api/documents");
      const paused = (p: Page) => p.getByText("Live updates paused — reconnecting");
      await expect(paused(page)).toHaveCount(0);
      await expect(paused(list)).toHaveCount(0);

      // Every connection is cut (the streams end), and streams cannot come back for now.
      const refuse = (route: Route) => route.abort();
      await context.route(/\/events(\?|$)/, refuse);
      proxy.cut();
      await expect(paused(page)).toBeVisible();
      await expect(paused(list)).toBeVisible();

      // The network is back but the streams are not: polling takes over, and a change by Bo
      // reaches the (clean) editor and the list all the same.
      proxy.restore();
      const down = Date.now();
      await putAs(boApi, doc.id, { title: `${doc.title} (polled)`, content: "after\n" });
      // Two ticks and an answer: the first tick's read may have left just before Bo's write
      // landed, and a read took 1.1–1.4 s on a loaded CI runner (seen in a trace).
      await expectContent(page, "after\n", { timeout: 2 * POLL_MS + 5_000 });
      await expect(listRow(list, doc.id)).toContainText(`${doc.title} (polled)`, { timeout: 2 * LIST_POLL_MS + 5_000 });
      await expect.poll(() => reads.since(down), { timeout: POLL_MS * 2 + 2_000 }).toBeGreaterThanOrEqual(2);
      await expect.poll(() => listReads.since(down), { timeout: LIST_POLL_MS + 2_000 }).toBeGreaterThanOrEqual(1);
      await expect(paused(page)).toBeVisible();
      await expect(paused(list)).toBeVisible();

      // The streams come back: the notes go, and nothing is polled any more (the list is read
      // once more when its stream says `ready`).
      await context.unroute(/\/events(\?|$)/, refuse);
      await expect(paused(page)).toHaveCount(0, { timeout: 35_000 });
      await expect(paused(list)).toHaveCount(0, { timeout: 35_000 });
      await page.waitForTimeout(1_000);
      const back = Date.now();
      await page.waitForTimeout(LIST_POLL_MS + 1_000);
      expect(reads.since(back), "the editor polled after its stream came back").toBe(0);
      expect(listReads.since(back), "the list polled after its stream came back").toBe(0);
      await context.close();
    } finally {
      for (const api of apis) await api.dispose();
      await proxy.close();
      await server.stop();
    }
  });
});
