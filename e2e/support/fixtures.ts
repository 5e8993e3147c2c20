import { expect, request, test as base, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { documentText, pasteText } from "./editor-dom.mjs";

export { expect };

// Every test gets its own account (a unique email), signed up through the API the way the
// sign-up page does it: same-origin POST with an Origin header, the session in a cookie. Its
// `page` is signed in as that account and its `request` acts as it, so what a test seeds is its
// own. Other people are more accounts, made members of the documents they write to.

/** The cookies (and nothing else) of a signed-in browser. */
export type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

export interface Account {
  name: string;
  email: string;
  password: string;
  /** The session: give it to a browser context or an API request context. */
  storageState: StorageState;
  cookies: StorageState["cookies"];
}

/** Another person in a test: their account and an API context that acts as them. */
export interface Person {
  account: Account;
  api: APIRequestContext;
}

export interface SeededDocument {
  id: string;
  etag: string;
  title: string;
  content: string;
}

let counter = 0;

function unique(): string {
  return `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A title no other test uses, so parallel tests never see each other's documents. */
export function uniqueTitle(testTitle: string): string {
  return `${testTitle.slice(0, 40)} ${unique()}`;
}

/** An email no other test uses (accounts are per test, the server is shared). */
export function uniqueEmail(name: string): string {
  const local = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "user";
  return `${local}-${process.pid}-${unique()}@example.com`;
}

export function newPassword(): string {
  return `pw-${unique()}-${Math.random().toString(36).slice(2)}`;
}

/** Signs up a new account through `POST /api/auth/sign-up/email` and keeps its session. */
export async function newAccount(baseURL: string, name = "Ann"): Promise<Account> {
  const email = uniqueEmail(name);
  const password = newPassword();
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: new URL(baseURL).origin } });
  try {
    const res = await api.post("/api/auth/sign-up/email", { data: { name, email, password } });
    expect(res.status(), `sign-up of ${email}: ${await res.text()}`).toBe(200);
    const storageState = await api.storageState();
    expect(storageState.cookies.length, "the sign-up set a session cookie").toBeGreaterThan(0);
    return { name, email, password, storageState, cookies: storageState.cookies };
  } finally {
    await api.dispose();
  }
}

/**
 * An API context acting as `account`, the way a script would: with a personal access token
 * (made with the account's session), so it keeps working when a test signs the browser out.
 */
export async function apiAs(baseURL: string, account: Account): Promise<APIRequestContext> {
  const origin = new URL(baseURL).origin;
  const session = await request.newContext({ baseURL, storageState: account.storageState, extraHTTPHeaders: { Origin: origin } });
  let token: string;
  try {
    const res = await session.post("/api/tokens", { data: { label: "e2e" } });
    expect(res.status(), `token for ${account.email}: ${await res.text()}`).toBe(201);
    token = (await res.json()).token;
  } finally {
    await session.dispose();
  }
  return request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}`, Origin: origin } });
}

/** A browser context (a "user") signed in as `account`. */
export function signedInContext(browser: Browser, baseURL: string, account: Account): Promise<BrowserContext> {
  return browser.newContext({ baseURL, storageState: account.storageState, viewport: { width: 1280, height: 800 } });
}

/**
 * A browser context nobody is signed in to. Explicitly empty: `browser.newContext()` in a test
 * would otherwise take the test's own signed-in storage state.
 */
export function signedOutContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 800 } });
}

export async function seed(api: APIRequestContext, title: string, content: string): Promise<SeededDocument> {
  const res = await api.post("/api/documents", { data: { title, content } });
  expect(res.status(), await res.text()).toBe(201);
  const body = await res.json();
  return { id: body.id, etag: res.headers()["etag"]!, title, content };
}

/** The owner (`api`) makes `account` a member of the document. */
export async function share(api: APIRequestContext, id: string, account: Pick<Account, "email">, role: "editor" | "viewer" = "editor"): Promise<void> {
  const res = await api.put(`/api/documents/${encodeURIComponent(id)}/members/${encodeURIComponent(account.email)}`, { data: { role } });
  expect([200, 201, 204], `share with ${account.email}: ${res.status()} ${await res.text()}`).toContain(res.status());
}

/** A write by someone outside the browsers under test (a third writer), as whoever `api` is. */
export async function putAs(api: APIRequestContext, id: string, body: { title: string; content: string }) {
  const current = await api.get(`/api/documents/${id}`);
  expect(current.status()).toBe(200);
  const res = await api.put(`/api/documents/${id}`, { data: body, headers: { "if-match": current.headers()["etag"]! } });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

export async function serverDoc(api: APIRequestContext, id: string) {
  const res = await api.get(`/api/documents/${id}`);
  return { status: res.status(), body: res.status() === 200 ? await res.json() : null };
}

/**
 * Opens a document: the editor for those who may write, the rendered read view for a viewer.
 * Their code loads after the page itself, hence more time than an element on the page gets.
 */
export async function openEditor(page: Page, id: string): Promise<void> {
  await page.goto(`/documents/${id}`);
  await expect(page.getByLabel("Content").or(page.getByRole("article", { name: "Read view" }))).toBeVisible({ timeout: 20_000 });
}

/**
 * Replaces the document's text the way a paste does (select all, paste): byte for byte, "\r"
 * included. The editor is CodeMirror, a contenteditable: `fill` would go through the browser's
 * own line handling.
 */
export async function fillContent(page: Page, text: string): Promise<void> {
  const editor = page.getByLabel("Content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  if (text === "") {
    await page.keyboard.press("Delete");
    return;
  }
  await editor.evaluate(pasteText, text);
}

/**
 * The editor's text as shown: CodeMirror draws one element per line (every line of a document
 * this short is drawn), joined with the "\n" that separates them.
 */
export function editorText(page: Page): Promise<string> {
  return page.getByLabel("Content").evaluate(documentText);
}

/** The editor shows exactly `text` (waits for it, like `toHaveValue` did for the textarea). */
export async function expectContent(page: Page, text: string, options: { timeout?: number } = {}): Promise<void> {
  await expect.poll(() => editorText(page), { message: "the editor's text", ...options }).toBe(text);
}

interface Fixtures {
  /** This test's own account ("Ann"): `page`, `context` and `request` act as it. */
  account: Account;
  /** Someone else, by name: a new account per name and test, with an API context of theirs. */
  person: (name: string) => Promise<Person>;
  /** Someone else who may edit the document (an editor member), e.g. a third writer. */
  writer: (documentId: string, name: string) => Promise<Person>;
  /** @deprecated `page` is signed in now; kept for specs not migrated yet. */
  named: Page;
}

export const test = base.extend<Fixtures>({
  account: async ({ baseURL }, use) => {
    await use(await newAccount(baseURL!, "Ann"));
  },
  storageState: async ({ account }, use) => {
    await use(account.storageState);
  },
  request: async ({ baseURL, account }, use) => {
    const api = await apiAs(baseURL!, account);
    await use(api);
    await api.dispose();
  },
  person: async ({ baseURL }, use) => {
    const people = new Map<string, Promise<Person>>();
    await use((name) => {
      let person = people.get(name);
      if (!person) {
        person = newAccount(baseURL!, name).then(async (account) => ({ account, api: await apiAs(baseURL!, account) }));
        people.set(name, person);
      }
      return person;
    });
    for (const person of people.values()) await (await person.catch(() => null))?.api.dispose();
  },
  writer: async ({ request, person }, use) => {
    await use(async (documentId, name) => {
      const someone = await person(name);
      await share(request, documentId, someone.account, "editor");
      return someone;
    });
  },
  named: async ({ page }, use) => {
    await use(page);
  },
});
