import type { Page } from "@playwright/test";
import { expect, openEditor, seed, share, signedInContext, test, uniqueTitle } from "./support/fixtures.ts";
import { XSS_CORPUS } from "./support/xss-corpus.ts";

declare global {
  interface Window {
    __xss?: unknown;
    __violations?: string[];
  }
}

/** Everything a payload could make the browser do, recorded from before the page loads. */
function watch(page: Page, appOrigin: string) {
  const seen: string[] = [];
  page.on("dialog", (d) => {
    seen.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("pageerror", (e) => seen.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // A same-origin image that does not exist (allowed by the policy) is reported as a 404 here.
    const sameOriginLoad = m.text().startsWith("Failed to load resource") && new URL(m.location().url || appOrigin).origin === appOrigin;
    if (m.type() === "error" && !sameOriginLoad) seen.push(`console error: ${m.text()}`);
  });
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.origin !== appOrigin && url.protocol !== "blob:") seen.push(`request: ${r.url()}`);
  });
  page.on("popup", (p) => seen.push(`popup: ${p.url()}`));
  return seen;
}

async function initProbe(page: Page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations!.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** Pokes at the rendering the way a reader would (hover, click, focus), then lets timers run. */
async function interact(page: Page, article: ReturnType<Page["getByRole"]>) {
  await article.hover();
  // Raw HTML is shown as text: the reader sees (and may click) the markup itself.
  await article.getByText(`<div onmouseover="window.__xss='mouseover'" onclick="window.__xss='click'">hover</div>`).click();
  await article.getByText(`<a id="__xss">clobber</a>`).click();
  await page.keyboard.press("Tab");
  await page.waitForTimeout(1_000);
}

async function expectNothingHappened(page: Page, seen: string[]) {
  const flags = await page.evaluate(() => ({ xss: typeof window.__xss === "undefined" ? null : String(window.__xss), violations: window.__violations ?? [] }));
  expect({ seen, ...flags }).toEqual({ seen: [], xss: null, violations: [] });
}

test.describe("preview and read view against an XSS corpus", () => {
  const CORPUS = XSS_CORPUS.map((payload, i) => `Payload ${i + 1}:\n\n${payload}\n`).join("\n");

  test("nothing in the preview runs, loads or leaves the page", async ({ page, request, baseURL }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), CORPUS);
    await initProbe(page);
    const seen = watch(page, new URL(baseURL!).origin);
    await openEditor(page, doc.id);
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("article", { name: "Preview" });
    await expect(preview).toContainText(`Payload ${XSS_CORPUS.length}:`);
    // What is allowed still works: a plain link to elsewhere, safely.
    await expect(preview.getByRole("link", { name: "external" })).toHaveAttribute("rel", "noopener noreferrer");
    await expect(preview).toContainText(`<script>window.__xss = "script"</script>`);
    await expect(preview.locator("script, style, iframe, object, embed, svg, math, form, input, link, meta, base, [style], [onerror]")).toHaveCount(0);
    await interact(page, preview);
    await expectNothingHappened(page, seen);
  });

  test("nothing in a viewer's read view runs, loads or leaves the page", async ({ browser, request, person, baseURL }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), CORPUS);
    const cy = await person("Cy");
    await share(request, doc.id, cy.account, "viewer");
    const cyPage = await (await signedInContext(browser, baseURL!, cy.account)).newPage();
    await initProbe(cyPage);
    const seen = watch(cyPage, new URL(baseURL!).origin);
    await openEditor(cyPage, doc.id);
    const read = cyPage.getByRole("article", { name: "Read view" });
    await expect(read).toContainText(`Payload ${XSS_CORPUS.length}:`);
    await interact(cyPage, read);
    await expectNothingHappened(cyPage, seen);
  });
});
