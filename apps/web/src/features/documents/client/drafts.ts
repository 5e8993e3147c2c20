import { tabId } from "@/lib/tab-id.ts";

// Unsaved edits live in localStorage, one record per document and tab, so they survive a
// reload, a tab crash and a browser restart, and two tabs editing one document never
// overwrite each other's draft. Each tab keeps a small heartbeat key fresh while it is
// visible and removes it when it is hidden or closed; a draft whose tab has no fresh
// heartbeat is an orphan (closed, crashed or restarted) that the next tab to open the
// document adopts. The drafts themselves are written only when they change.

export interface Draft {
  docId: string;
  tab: string;
  title: string;
  content: string;
  /** The server state the draft was edited from. */
  baseVersion: number;
  baseEtag: string;
}

/** A draft as the session writes it: the tab that owns it is filled in here. */
export type DraftRecord = Omit<Draft, "tab">;

const PREFIX = "tandem:draft:";
const ALIVE_PREFIX = "tandem:alive:";
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

/** This tab is alive: its drafts are not to be adopted. Called on every write and every few seconds. */
export function heartbeat(): void {
  try {
    localStorage.setItem(`${ALIVE_PREFIX}${tabId()}`, String(Date.now()));
  } catch {
    /* storage unavailable */
  }
}

/** This tab went away (hidden or closed): its drafts may be adopted by the next tab at once. */
export function releaseDrafts(): void {
  try {
    localStorage.removeItem(`${ALIVE_PREFIX}${tabId()}`);
  } catch {
    /* storage unavailable */
  }
}

function tabAlive(tab: string, now: number): boolean {
  const beat = Number(localStorage.getItem(`${ALIVE_PREFIX}${tab}`));
  return Number.isFinite(beat) && now - beat <= ORPHAN_AFTER_MS;
}

export function saveDraft(draft: DraftRecord): void {
  try {
    localStorage.setItem(key(draft.docId, tabId()), JSON.stringify({ ...draft, tab: tabId() } satisfies Draft));
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

function draftKeys(docId: string): string[] {
  const keys: string[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(`${PREFIX}${docId}:`)) keys.push(k);
    }
  } catch {
    /* storage unavailable */
  }
  return keys;
}

/** This tab's draft of the document, or else an orphaned one (taken over by this tab). */
export function loadDraft(docId: string): Draft | null {
  const own = read(key(docId, tabId()));
  if (own) return own;
  const now = Date.now();
  for (const k of draftKeys(docId)) {
    const draft = read(k);
    if (!draft || tabAlive(draft.tab, now)) continue;
    localStorage.removeItem(k);
    localStorage.removeItem(`${ALIVE_PREFIX}${draft.tab}`);
    const adopted: Draft = { ...draft, tab: tabId() };
    localStorage.setItem(key(docId, adopted.tab), JSON.stringify(adopted));
    return adopted;
  }
  return null;
}
