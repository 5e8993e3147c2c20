import { expect, test as base, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";

export { expect };

export interface SeededDocument {
  id: string;
  etag: string;
  title: string;
  content: string;
}

let counter = 0;

/** A title no other test uses, so parallel tests never see each other's documents. */
export function uniqueTitle(testTitle: string): string {
  return `${testTitle.slice(0, 40)} ${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function seed(request: APIRequestContext, title: string, content: string, author = "Seeder"): Promise<SeededDocument> {
  const res = await request.post("/api/documents", { data: { title, content }, headers: { "x-author": author } });
  expect(res.status()).toBe(201);
  const body = await res.json();
  return { id: body.id, etag: res.headers()["etag"]!, title, content };
}

/** A write by someone outside the browsers under test (a third writer). */
export async function putAs(request: APIRequestContext, id: string, author: string, body: { title: string; content: string }) {
  const current = await request.get(`/api/documents/${id}`);
  const res = await request.put(`/api/documents/${id}`, { data: body, headers: { "if-match": current.headers()["etag"]!, "x-author": author } });
  expect(res.status()).toBe(200);
  return res.json();
}

export async function serverDoc(request: APIRequestContext, id: string) {
  const res = await request.get(`/api/documents/${id}`);
  return { status: res.status(), body: res.status() === 200 ? await res.json() : null };
}

/** A browser context (a "user") whose display name is set before any page runs. */
export async function userContext(browser: Browser, baseURL: string, name: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  await context.addInitScript((n) => window.localStorage.setItem("tandem:name", n), name);
  return context;
}

export async function openEditor(page: Page, id: string): Promise<void> {
  await page.goto(`/documents/${id}`);
  await expect(page.getByLabel("Content")).toBeVisible();
}

export const test = base.extend<{ named: Page }>({
  named: async ({ page }, use) => {
    await page.addInitScript(() => window.localStorage.setItem("tandem:name", "Ann"));
    await use(page);
  },
});
