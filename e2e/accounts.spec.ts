import type { Page } from "@playwright/test";
import { expect, expectContent, fillContent, newPassword, openEditor, seed, serverDoc, share, signedOutContext, test, uniqueEmail, uniqueTitle, type Account } from "./support/fixtures.ts";
import { freshPort, startFreshServer } from "./support/fresh-server.ts";

async function signUpThroughPage(page: Page, person: { name: string; email: string; password: string }): Promise<void> {
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

async function trySignIn(page: Page, account: Pick<Account, "email" | "password">): Promise<void> {
  await expect(page.getByRole("heading", { name: "Sign in to Tandem" })).toBeVisible();
  // Right after a sign-out the page may render the form once more, clearing what was typed:
  // type until the values stay.
  await expect(async () => {
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.waitForTimeout(150);
    await expect(page.getByLabel("Email")).toHaveValue(account.email, { timeout: 50 });
    await expect(page.getByLabel("Password")).toHaveValue(account.password, { timeout: 50 });
  }).toPass({ timeout: 10_000 });
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the page and waits until it has moved on. */
async function signInThroughPage(page: Page, account: Pick<Account, "email" | "password">): Promise<void> {
  await trySignIn(page, account);
  await expect(page).not.toHaveURL(/\/sign-in/);
}

const signedInAs = (page: Page) => page.getByTestId("signed-in-as");
/** The form's own alert (Next adds an empty role="alert" route announcer to every page). */
const formAlert = (page: Page) => page.getByRole("main").getByRole("alert");

test.describe("accounts on a new Tandem", () => {
  test("two people sign up through the pages: the first becomes the admin and invites the second", async ({ browser }, info) => {
    test.setTimeout(150_000);
    const server = await startFreshServer(info.project.name, freshPort(info.project.name, info.parallelIndex), { TANDEM_SIGNUP: "invite" });
    try {
      const ada = { name: "Ada", email: uniqueEmail("Ada"), password: newPassword() };
      const adaContext = await signedOutContext(browser, server.baseURL);
      const adaPage = await adaContext.newPage();
      // No account yet: every page leads to sign-up, which says who this will be.
      await adaPage.goto("/");
      await expect(adaPage).toHaveURL(/\/sign-up/);
      await expect(adaPage.getByText("You are creating the first account: it will be the admin")).toBeVisible();
      await signUpThroughPage(adaPage, ada);
      await expect(adaPage).toHaveURL(`${server.baseURL}/`);
      await expect(signedInAs(adaPage)).toContainText("Ada");
      await expect(signedInAs(adaPage)).toHaveAttribute("title", ada.email.toLowerCase());
      await expect(adaPage.getByText("Admin", { exact: true })).toBeVisible();

      // The admin invites Bo from the settings.
      const bo = { name: "Bo", email: uniqueEmail("Bo"), password: newPassword() };
      await adaPage.getByRole("link", { name: "Settings" }).click();
      const invite = adaPage.getByRole("region", { name: "Invite someone" });
      await invite.getByLabel("Email").fill(bo.email);
      await invite.getByRole("button", { name: "Invite" }).click();
      const link = await adaPage.getByLabel("Sign-up link").inputValue();
      expect(link).toMatch(/\/sign-up\?invite=/);

      // Without the invitation, sign-up is refused with a way to sign in instead.
      const boContext = await signedOutContext(browser, server.baseURL);
      const boPage = await boContext.newPage();
      await boPage.goto("/sign-up");
      await expect(formAlert(boPage)).toHaveText(/Sign-up is by invitation only/);
      await expect(boPage.getByRole("link", { name: "Sign in" })).toBeVisible();
      await expect(boPage.getByRole("button", { name: "Create account" })).toHaveCount(0);

      // With it, Bo signs up: not the admin, and no invitations to make.
      await boPage.goto(link);
      await expect(boPage.getByText("You are creating the first account")).toHaveCount(0);
      await signUpThroughPage(boPage, bo);
      await expect(boPage).toHaveURL(`${server.baseURL}/`);
      await expect(signedInAs(boPage)).toContainText("Bo");
      await expect(boPage.getByText("Admin", { exact: true })).toHaveCount(0);
      await boPage.getByRole("link", { name: "Settings" }).click();
      await expect(boPage.getByRole("heading", { name: "Personal access tokens" })).toBeVisible();
      await expect(boPage.getByRole("region", { name: "Invite someone" })).toHaveCount(0);
      await expect(boPage.getByRole("link", { name: "Activity", exact: true })).toHaveCount(0);

      // The admin sees all activity: Bo's sign-up signed him in; the invitation came from Ada.
      await adaPage.getByRole("link", { name: "Activity", exact: true }).click();
      await expect(adaPage.getByRole("heading", { name: "All activity" })).toBeVisible();
      await expect(adaPage.getByTestId("activity-entries")).toContainText("Ada signed in");

      // The invitation was for one sign-up.
      const third = await (await signedOutContext(browser, server.baseURL)).newPage();
      await third.goto(link);
      await signUpThroughPage(third, { name: "Cy", email: bo.email, password: newPassword() });
      await expect(formAlert(third)).toBeVisible();
      await expect(third).toHaveURL(/\/sign-up/);

      // Sign out, then back in: a wrong password is refused first.
      await boPage.getByRole("button", { name: "Sign out" }).click();
      await expect(boPage).toHaveURL(/\/sign-in$/);
      await trySignIn(boPage, { email: bo.email, password: "not the password" });
      await expect(formAlert(boPage)).toHaveText("Wrong email or password.");
      await boPage.getByLabel("Password").fill(bo.password);
      await boPage.getByRole("button", { name: "Sign in" }).click();
      await expect(boPage).toHaveURL(`${server.baseURL}/`);
      await expect(signedInAs(boPage)).toContainText("Bo");
      await adaContext.close();
      await boContext.close();
    } finally {
      await server.stop();
    }
  });
});

test.describe("signing up and in", () => {
  test("sign up on an open Tandem, then the same email again is refused", async ({ browser, baseURL }) => {
    const context = await signedOutContext(browser, baseURL!);
    const page = await context.newPage();
    const cy = { name: "Cy Page", email: uniqueEmail("Cy"), password: newPassword() };
    await page.goto("/sign-up");
    await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
    await signUpThroughPage(page, cy);
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(signedInAs(page)).toContainText("Cy Page");

    const again = await (await signedOutContext(browser, baseURL!)).newPage();
    await again.goto("/sign-up");
    await signUpThroughPage(again, { ...cy, password: newPassword() });
    await expect(formAlert(again)).toContainText("An account with this email already exists");
    await formAlert(again).getByRole("link", { name: "Sign in" }).click();
    await expect(again).toHaveURL(/\/sign-in$/);
    await context.close();
  });

  test("sign out, a wrong password, then sign in again", async ({ page, baseURL, account }) => {
    await page.goto("/");
    await expect(signedInAs(page)).toContainText(account.name);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    // Signed out, pages lead to the sign-in page.
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings$/);
    await trySignIn(page, { email: account.email, password: `${account.password}x` });
    await expect(formAlert(page)).toHaveText("Wrong email or password.");
    await expect(page.getByLabel("Password")).toBeFocused();
    await page.getByLabel("Password").fill(account.password);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`${baseURL}/settings`);
    await expect(signedInAs(page)).toContainText(account.name);
  });

  test("after signing in, `next` is followed only within the site", async ({ browser, baseURL, account }) => {
    const page = await (await signedOutContext(browser, baseURL!)).newPage();
    await page.goto("/sign-in?next=//evil.example/steal");
    await signInThroughPage(page, account);
    await expect(page).toHaveURL(`${baseURL}/`);
  });
});

test.describe("the session ends while editing", () => {
  test("a signed-out visit to a document leads to sign-in and back, with the unsaved draft", async ({ page, context, request, account, baseURL }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "saved\n");
    await openEditor(page, doc.id);
    await fillContent(page, "saved\nnot saved yet\n");
    await page.waitForTimeout(400); // the draft is written 200 ms after the last keystroke
    await context.clearCookies();

    await page.goto(`/documents/${doc.id}`);
    await expect(page).toHaveURL(`${baseURL}/sign-in?next=${encodeURIComponent(`/documents/${doc.id}`)}`);
    await signInThroughPage(page, account);
    await expect(page).toHaveURL(`${baseURL}/documents/${doc.id}`);
    await expectContent(page, "saved\nnot saved yet\n");
    await expect(page.getByTestId("notice")).toHaveText("Restored your unsaved changes.");
    await page.keyboard.press("Control+s");
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    expect((await serverDoc(request, doc.id)).body).toMatchObject({ content: "saved\nnot saved yet\n", updatedBy: account.name });
  });

  test("the session expires mid-edit: the draft is kept, sign in again, and the save goes through", async ({ page, context, request, account, baseURL }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "one\n");
    await openEditor(page, doc.id);
    await context.clearCookies(); // as an expired session looks to the server
    await fillContent(page, "one\ntwo, typed after the session ended\n");
    await page.getByRole("button", { name: "Save" }).click();

    const notice = page.getByRole("alert").filter({ hasText: "Your session has ended" });
    await expect(notice).toHaveText(/Your session has ended\. Your changes are kept in this browser — sign in again to save them\./);
    await expectContent(page, "one\ntwo, typed after the session ended\n");
    await expect(page.getByTestId("save-status")).toHaveText("Unsaved changes");
    expect((await serverDoc(request, doc.id)).body.version).toBe(1);

    await notice.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseURL}/sign-in?next=${encodeURIComponent(`/documents/${doc.id}`)}`);
    await signInThroughPage(page, account);
    await expect(page).toHaveURL(`${baseURL}/documents/${doc.id}`);
    await expectContent(page, "one\ntwo, typed after the session ended\n");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    expect((await serverDoc(request, doc.id)).body.content).toBe("one\ntwo, typed after the session ended\n");
  });

  test("signing out in another tab: this tab's editor notices, keeps the text, and saves after signing in elsewhere", async ({ page, context, request, account }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "alpha\n");
    await openEditor(page, doc.id);
    await fillContent(page, "alpha\nbeta\n");

    const other = await context.newPage();
    await other.goto("/");
    await other.getByRole("button", { name: "Sign out" }).click();
    await expect(other).toHaveURL(/\/sign-in$/);

    // The other tab says so on the tab channel, and this editor's read meets 401: no save needed
    // to find out (and no polling: its event stream is up).
    const notice = page.getByRole("alert").filter({ hasText: "Your session has ended" });
    await expect(notice).toBeVisible({ timeout: 8_000 });
    await expectContent(page, "alpha\nbeta\n");

    // Signed in again in the other tab, Save here simply works.
    await signInThroughPage(other, account);
    await expect(other).toHaveURL(/\/$/);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");
    await expect(notice).toHaveCount(0);
    expect((await serverDoc(request, doc.id)).body.content).toBe("alpha\nbeta\n");
  });

  test("a draft typed by one account is not offered to the next one on the same browser", async ({ page, request, account, person, baseURL }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "shared\n");
    const bo = await person("Bo");
    await share(request, doc.id, bo.account);
    await openEditor(page, doc.id);
    await fillContent(page, "shared\nAnn's private thoughts\n");
    await page.waitForTimeout(400);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);

    await signInThroughPage(page, bo.account);
    await expect(page).toHaveURL(`${baseURL}/`);
    await openEditor(page, doc.id);
    await expectContent(page, "shared\n");
    await expect(page.getByTestId("notice")).toHaveCount(0);

    // Ann's draft is still hers.
    await page.getByRole("button", { name: "Sign out" }).click();
    await signInThroughPage(page, account);
    await openEditor(page, doc.id);
    await expectContent(page, "shared\nAnn's private thoughts\n");
  });
});

test.describe("settings", () => {
  test("a personal access token is shown once, works as a Bearer token, and can be revoked", async ({ page, baseURL, account, playwright }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await page.getByLabel("Label").fill("backup script");
    await page.getByRole("button", { name: "Create token" }).click();
    const created = page.getByRole("region", { name: "Token “backup script” created" });
    await expect(created).toBeFocused();
    await expect(created).toContainText("it will not be shown again");
    const token = await created.getByLabel("New token").inputValue();
    expect(token).toMatch(/^tdm_/);

    const api = await playwright.request.newContext({ baseURL });
    const me = await api.get("/api/me", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).email).toBe(account.email.toLowerCase());

    await created.getByRole("button", { name: "Done" }).click();
    await expect(created).toHaveCount(0);
    const row = page.getByRole("listitem", { name: "backup script" });
    await expect(row).toContainText(token.slice(0, 10));
    await expect(row).toContainText("Created");
    // Shown once: not after a reload. The Bearer request above shows as its last use.
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("Last used", { timeout: 3_000 });
    }).toPass({ timeout: 10_000 });
    await expect(page.getByLabel("New token")).toHaveCount(0);

    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByText("No tokens yet.")).toBeVisible();
    expect((await api.get("/api/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
    await api.dispose();
  });
});
