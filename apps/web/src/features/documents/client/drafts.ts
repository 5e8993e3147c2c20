import { createStore, del, get, keys, set, type UseStore } from "idb-keyval";
import { tabId } from "@/lib/tab-id.ts";
import { chooseDraft, type Draft, type DraftOwner, type StoredDraft } from "./draft-choice.ts";

// Unsaved edits live in IndexedDB (through idb-keyval), one record per account, document and
// tab, so they survive a reload, a tab crash, a browser restart and a session that ends
// mid-edit, and two tabs editing one document never overwrite each other's draft.
// localStorage holds about 5 MB per origin while a document may be 4 MiB (8 MB as UTF-16):
// IndexedDB's quota is a share of the disk, and the origin asks once to be kept
// (navigator.storage.persist()) so the browser does not evict drafts under storage pressure.
//
// Each tab keeps a small heartbeat key in localStorage fresh while it is visible and removes it
// when it is hidden or closed; a draft whose tab has no fresh heartbeat is an orphan (closed,
// crashed or restarted) that the next tab to open the document adopts.
//
// A write that fails (quota, IndexedDB unavailable, private mode) must never leave an older
// draft that would later come back as the latest: the stale record is deleted, and a marker
// (in localStorage, a few bytes) says from when this document's drafts are stale, in case the
// delete cannot run either. chooseDraft() never restores a draft older than that marker.
//
// Drafts are keyed by the account that typed them: on a shared browser the next person to sign
// in must not be offered (or save under their name) someone else's unsaved text. Drafts from
// before accounts carry no owner; the next signed-in user to open the document adopts them.

export type { Draft, DraftOwner } from "./draft-choice.ts";

/** A draft as the session writes it: tab, owner and time are filled in here. */
export interface DraftRecord {
  docId: string;
  title: string;
  content: string;
  summary?: string;
  baseVersion: number;
  baseEtag: string;
}

/** Every draft key starts with this (owned ones continue with "@"); localStorage used it too. */
export const DRAFT_KEY_PREFIX = "tandem:draft:";
const ALIVE_PREFIX = "tandem:alive:";
const FAILED_PREFIX = "tandem:draft-failed:";
const MIGRATED_KEY = "tandem:drafts-migrated";
const ORPHAN_AFTER_MS = 15_000;
/** The database and object store the drafts are kept in (exported for the browser tests). */
export const DRAFT_DATABASE = "tandem";
export const DRAFT_STORE = "drafts";

// Document ids start with a letter or digit, so "@" tells an owned key from an unowned one.
function docPrefix(owner: DraftOwner, docId: string): string {
  return owner === null ? `${DRAFT_KEY_PREFIX}${docId}:` : `${DRAFT_KEY_PREFIX}@${encodeURIComponent(owner)}:${docId}:`;
}

export function draftKey(owner: DraftOwner, docId: string, tab: string): string {
  return `${docPrefix(owner, docId)}${tab}`;
}

let store: UseStore | null = null;

/** The drafts' object store; throws where IndexedDB does not exist (or is refused). */
function drafts(): UseStore {
  store ??= createStore(DRAFT_DATABASE, DRAFT_STORE);
  return store;
}

function local(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** This tab is alive: its drafts are not to be adopted. Called on every write and every few seconds. */
export function heartbeat(): void {
  try {
    local()?.setItem(`${ALIVE_PREFIX}${tabId()}`, String(Date.now()));
  } catch {
    /* storage full or unavailable: the tab only looks closed sooner */
  }
}

/** This tab went away (hidden or closed): its drafts may be adopted by the next tab at once. */
export function releaseDrafts(): void {
  try {
    local()?.removeItem(`${ALIVE_PREFIX}${tabId()}`);
  } catch {
    /* storage unavailable */
  }
}

function tabAlive(tab: string, now: number): boolean {
  const beat = Number(local()?.getItem(`${ALIVE_PREFIX}${tab}`));
  return Number.isFinite(beat) && now - beat <= ORPHAN_AFTER_MS;
}

function failedAt(owner: DraftOwner, docId: string): number | null {
  const raw = local()?.getItem(`${FAILED_PREFIX}${docPrefix(owner, docId)}`);
  return raw ? Number(raw) : null;
}

function markFailed(owner: DraftOwner, docId: string, at: number | null): void {
  try {
    const key = `${FAILED_PREFIX}${docPrefix(owner, docId)}`;
    if (at === null) local()?.removeItem(key);
    else local()?.setItem(key, String(at));
  } catch {
    /* the record's delete is the other half of the guard */
  }
}

// Strictly increasing within this tab, so the newest of its writes is always the one restored.
let lastSavedAt = 0;
function nextSavedAt(): number {
  lastSavedAt = Math.max(Date.now(), lastSavedAt + 1);
  return lastSavedAt;
}

/** Per key, the newest write or delete this tab issued: only that one may settle the key's fate. */
const latest = new Map<string, number>();
let persistAsked = false;

/**
 * Writes this tab's draft of the document. Resolves true once it is on the device, false when
 * it cannot be kept there: then no older draft of it is left to come back as the latest.
 */
export async function saveDraft(owner: DraftOwner, record: DraftRecord): Promise<boolean> {
  const key = draftKey(owner, record.docId, tabId());
  const savedAt = nextSavedAt();
  latest.set(key, savedAt);
  const draft: Draft = { ...record, summary: record.summary ?? "", tab: tabId(), owner, savedAt };
  askToPersist();
  try {
    await set(key, draft, drafts());
    if (latest.get(key) === savedAt) markFailed(owner, record.docId, null);
    return true;
  } catch {
    // Only the newest write decides: a later one that was already issued settles the key.
    if (latest.get(key) !== savedAt) return false;
    markFailed(owner, record.docId, savedAt);
    await del(key, drafts()).catch(() => undefined);
    return false;
  }
}

/** Removes this tab's draft of the document (saved, or discarded). Resolves false if it may still be there. */
export async function clearDraft(owner: DraftOwner, docId: string): Promise<boolean> {
  const key = draftKey(owner, docId, tabId());
  latest.set(key, nextSavedAt());
  try {
    await del(key, drafts());
    markFailed(owner, docId, null);
    return true;
  } catch {
    return false;
  }
}

/** Asks once per page that the browser keep this origin's storage under pressure (no prompt in Chromium). */
function askToPersist(): void {
  if (persistAsked) return;
  persistAsked = true;
  void globalThis.navigator?.storage?.persist?.().catch(() => undefined);
}

/**
 * Drafts written to localStorage before they moved here come over once, then leave
 * localStorage. One that cannot be moved stays where it is and is tried again next time.
 */
async function migrateLocalDrafts(): Promise<void> {
  const storage = local();
  if (!storage || storage.getItem(MIGRATED_KEY)) return;
  const found: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(DRAFT_KEY_PREFIX)) found.push(k);
  }
  let complete = true;
  for (const k of found) {
    try {
      const old = JSON.parse(storage.getItem(k) ?? "null") as Omit<Draft, "owner" | "savedAt" | "summary"> | null;
      if (old && typeof old.content === "string") {
        const owned = k.startsWith(`${DRAFT_KEY_PREFIX}@`) ? decodeURIComponent(k.slice(DRAFT_KEY_PREFIX.length + 1).split(":")[0]!) : null;
        // Older than anything written here since: a newer IndexedDB draft of the same tab wins.
        if ((await get(k, drafts())) === undefined) await set(k, { ...old, owner: owned, summary: "", savedAt: 0 } satisfies Draft, drafts());
      }
      storage.removeItem(k);
    } catch {
      complete = false;
    }
  }
  if (complete) storage.setItem(MIGRATED_KEY, String(Date.now()));
}

let migrated: Promise<void> | null = null;

/**
 * This tab's draft of the document, or else an orphaned one of the same owner (taken over by
 * this tab), or else an unowned one — this tab's own or an orphan — which becomes the owner's.
 * Drafts that a later failed write made stale are deleted instead (see chooseDraft).
 */
export async function loadDraft(owner: DraftOwner, docId: string): Promise<Draft | null> {
  try {
    migrated ??= migrateLocalDrafts().catch(() => undefined);
    await migrated;
    const prefixes = owner === null ? [docPrefix(null, docId)] : [docPrefix(owner, docId), docPrefix(null, docId)];
    const found = ((await keys(drafts())) as IDBValidKey[]).filter((k): k is string => typeof k === "string" && prefixes.some((p) => k.startsWith(p)));
    const now = Date.now();
    const stored: StoredDraft[] = [];
    for (const key of found) {
      const draft = (await get(key, drafts())) as Draft | undefined;
      if (draft && typeof draft.content === "string") stored.push({ key, draft: { ...draft, summary: draft.summary ?? "" }, tabAlive: tabAlive(draft.tab, now) });
      // This tab's next writes must be newer than anything it may leave behind.
      if (draft) lastSavedAt = Math.max(lastSavedAt, draft.savedAt);
    }
    const choice = chooseDraft({ owner, tab: tabId(), stored, failedAt: { owned: failedAt(owner, docId), unowned: failedAt(null, docId) } });
    for (const key of choice.discard) await del(key, drafts()).catch(() => undefined);
    return choice.restore ? await adopt(owner, choice.restore) : null;
  } catch {
    // IndexedDB unavailable: there is nothing this device could restore.
    return null;
  }
}

/** Moves a draft to this tab's key of `owner`; kept where it was if the move fails. */
async function adopt(owner: DraftOwner, from: StoredDraft): Promise<Draft> {
  const adopted: Draft = { ...from.draft, tab: tabId(), owner };
  const key = draftKey(owner, adopted.docId, adopted.tab);
  if (key === from.key) return adopted;
  try {
    await set(key, adopted, drafts());
    await del(from.key, drafts());
    if (from.draft.tab !== adopted.tab) local()?.removeItem(`${ALIVE_PREFIX}${from.draft.tab}`);
  } catch {
    /* the draft still opens; the next write of this tab stores it under its own key */
  }
  return adopted;
}
