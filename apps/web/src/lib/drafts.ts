import { tabId } from "./tab-id";

// Unsaved edits live in localStorage, one record per document and tab, so they survive a
// reload, a tab crash and a browser restart, and two tabs editing one document never
// overwrite each other's draft. A tab touches its records while it lives; a record whose tab
// went quiet is an orphan (crashed or closed tab) that the next tab to open the document adopts.

export interface Draft {
  docId: string;
  tab: string;
  title: string;
  content: string;
  /** The server state the draft was edited from. */
  baseVersion: number;
  baseEtag: string;
  touchedAt: number;
  /** Set when the tab went away normally (pagehide): adoptable at once, not after the timeout. */
  released?: boolean;
}

const PREFIX = "tandem:draft:";
const ORPHAN_AFTER_MS = 15_000;

function key(docId: string, tab: string): string {
  return `${PREFIX}${docId}:${tab}`;
}

function read(k: string): Draft | null {
  try {
    const raw = localStorage.getItem(k);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(draft: Omit<Draft, "tab" | "touchedAt">): void {
  const record: Draft = { ...draft, tab: tabId(), touchedAt: Date.now(), released: draft.released ?? false };
  try {
    localStorage.setItem(key(draft.docId, record.tab), JSON.stringify(record));
  } catch {
    // Storage full or disabled: the draft still lives in memory; nothing else to do.
  }
}

export function clearDraft(docId: string): void {
  try {
    localStorage.removeItem(key(docId, tabId()));
  } catch {
    /* storage unavailable */
  }
}

/** On pagehide: this tab's drafts may be adopted by the next tab at once. */
export function releaseDrafts(): void {
  const mine = tabId();
  for (const k of draftKeys()) {
    const d = read(k);
    if (d && d.tab === mine) localStorage.setItem(k, JSON.stringify({ ...d, released: true }));
  }
}

/** Keeps this tab's drafts from being taken for orphans. */
export function touchDrafts(): void {
  const mine = tabId();
  for (const k of draftKeys()) {
    const d = read(k);
    if (d && d.tab === mine) {
      d.touchedAt = Date.now();
      d.released = false;
      localStorage.setItem(k, JSON.stringify(d));
    }
  }
}

function draftKeys(): string[] {
  const keys: string[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(PREFIX)) keys.push(k);
    }
  } catch {
    /* storage unavailable */
  }
  return keys;
}

/**
 * This tab's draft of the document, or else the newest orphaned one (taken over by this tab).
 */
export function loadDraft(docId: string): Draft | null {
  const own = read(key(docId, tabId()));
  if (own) return own;
  const now = Date.now();
  const orphans = draftKeys()
    .filter((k) => k.startsWith(`${PREFIX}${docId}:`))
    .map((k) => [k, read(k)] as const)
    .filter((e): e is readonly [string, Draft] => e[1] !== null && (e[1].released === true || now - e[1].touchedAt > ORPHAN_AFTER_MS))
    .sort((a, b) => b[1].touchedAt - a[1].touchedAt);
  const newest = orphans[0];
  if (!newest) return null;
  const [oldKey, draft] = newest;
  localStorage.removeItem(oldKey);
  const adopted: Draft = { ...draft, tab: tabId(), touchedAt: now, released: false };
  localStorage.setItem(key(docId, adopted.tab), JSON.stringify(adopted));
  return adopted;
}
