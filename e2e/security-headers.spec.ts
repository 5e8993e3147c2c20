import { expect, test, type Page } from "@playwright/test";

/**
 * Everything the browser reports about the Content-Security-Policy, across navigations: its
 * own "Refused to …" console errors, each securitypolicyviolation event, and page errors.
 */
async function watchPolicy(page: Page): Promise<string[]> {
  const reports: string[] = [];
  page.on("console", (message) => {
    if (/content security policy|csp-violation/i.test(message.text())) reports.push(message.text());
  });
  page.on("pageerror", (error) => reports.push(`page error: ${error.message}`));
  // Init scripts come in through the DevTools protocol, which the policy does not govern.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`csp-violation ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return reports;
}

// The sign-in page, because a signed-out browser reaches it without an account. Every page
// runs the same Next bootstrap under the same policy; the other specs exercise the rest.
test("a page runs under the nonce policy: no violation, and it hydrates", async ({ page }) => {
  const reports = await watchPolicy(page);
  const response = await page.goto("/sign-in");
  expect((await response!.allHeaders())["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(reports, "on load").toEqual([]);

  // Only a hydrated form answers in place (React's submit handler, a call to the API under
  // connect-src): unhydrated, the browser would submit it natively and load /sign-in?email=…
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not-the-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Next's route announcer is an (empty) alert on every page: the form's own one has the text.
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  expect(new URL(page.url()).search).toBe("");
  expect(reports).toEqual([]);
});

// The API reference runs Swagger UI from Tandem's own origin under a policy of its own (no
// nonce, nothing inline): it must render the whole document without a single violation.
test("the API reference (/api/docs) renders under its own policy: no violation", async ({ page }) => {
  // Swagger UI's bundle is 1.7 MB of script to parse, and the document is rendered whole.
  test.slow();
  const reports = await watchPolicy(page);
  const response = await page.goto("/api/docs");
  expect((await response!.allHeaders())["content-security-policy"]).toBe(
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  // Parsing and rendering it took over 15 s once on a loaded 2-core CI runner.
  await expect(page.getByRole("heading", { name: /Tandem API/ })).toBeVisible({ timeout: 60_000 });
  const put = page.locator(".opblock-put", { hasText: "/api/documents/{id}" }).first();
  await expect(put).toBeVisible();
  await put.locator(".opblock-summary").click();
  await expect(put.getByText("If-Match", { exact: true }).first()).toBeVisible();
  await expect(put.getByText("Prefer", { exact: true }).first()).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`api-docs-${width}.png`) });
  }
  expect(reports).toEqual([]);
});
