import type { Page } from "@playwright/test";

// The drafts as the browser holds them: IndexedDB database "tandem", object store "drafts"
// (see apps/web/src/features/documents/client/drafts.ts), read in the page itself.

export interface StoredDraft {
  key: string;
  content: string;
  summary: string;
  savedAt: number;
}

/** Every stored draft of the document (any account, any tab), read straight from IndexedDB. */
export function storedDrafts(page: Page, docId: string): Promise<StoredDraft[]> {
  return page.evaluate(
    (id) =>
      new Promise<StoredDraft[]>((resolve, reject) => {
        const open = indexedDB.open("tandem");
        open.onerror = () => reject(open.error);
        open.onupgradeneeded = () => open.result.createObjectStore("drafts");
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction("drafts", "readonly");
          const store = tx.objectStore("drafts");
          const found: StoredDraft[] = [];
          const cursor = store.openCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return;
            const key = String(c.key);
            if (key.includes(`:${id}:`)) {
              const v = c.value as { content: string; summary?: string; savedAt: number };
              found.push({ key, content: v.content, summary: v.summary ?? "", savedAt: v.savedAt });
            }
            c.continue();
          };
          tx.oncomplete = () => {
            db.close();
            resolve(found);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    docId,
  );
}

/**
 * Installed before any page script: while localStorage holds `e2e:fail-idb`, IndexedDB writes
 * fail the way a full disk makes them fail (QuotaExceededError); with "put+delete", deletes too.
 */
export async function failIndexedDbWritesOnDemand(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const mode = () => localStorage.getItem("e2e:fail-idb");
    const quota = () => new DOMException("The quota has been exceeded.", "QuotaExceededError");
    const put = IDBObjectStore.prototype.put;
    const del = IDBObjectStore.prototype.delete;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
      if (mode()) throw quota();
      return put.apply(this, args);
    };
    IDBObjectStore.prototype.delete = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["delete"]>) {
      if (mode() === "put+delete") throw quota();
      return del.apply(this, args);
    };
  });
}
