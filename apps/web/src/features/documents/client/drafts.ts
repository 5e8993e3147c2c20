import { tabId } from "@/lib/tab-id.ts";

// Unsaved edits live in localStorage, one record per account, document and tab, so they
// survive a reload, a tab crash, a browser restart and a session that ends mid-edit, and two
// tabs editing one document never overwrite each other's draft. Each tab keeps a small
// heartbeat key fresh while it is visible and removes it when it is hidden or closed; a draft
// whose tab has no fresh heartbeat is an orphan (closed, crashed or restarted) that the next
// tab to open the document adopts. The drafts themselves are written only when they change.
//
// Drafts are keyed by the account that typed them: on a shared browser the next person to sign
// in must not be offered (or save under their name) someone else's unsaved text. Drafts from
// before accounts carry no owner; the next signed-in user to open the document adopts them.

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

/**
 * The account id the drafts belong to. null when it is not known (no session could be
 * confirmed): such drafts are stored without an owner, like those from before accounts, and
 * go to the next account that opens the document — kept rather than lost.
 */
export type DraftOwner = string | null;

/** Every draft key starts with this (owned ones continue with "@"). */
export const DRAFT_KEY_PREFIX = "tandem:draft:";
const ALIVE_PREFIX = "tandem:alive:";
const ORPHAN_AFTER_MS = 15_000;

// Document ids start with a letter or digit, so "@" tells an owned key from an unowned one.
function docPrefix(owner: DraftOwner, docId: string): string {
  return owner === null ? `${DRAFT_KEY_PREFIX}${docId}:` : `${DRAFT_KEY_PREFIX}@${encodeURIComponent(owner)}:${docId}:`;
}

export function draftKey(owner: DraftOwner, docId: string, tab: string): string {
  return `${docPrefix(owner, docId)}${tab}`;
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

export function saveDraft(owner: DraftOwner, draft: DraftRecord): void {
  try {
    localStorage.setItem(draftKey(owner, draft.docId, tabId()), JSON.stringify({ ...draft, tab: tabId() } satisfies Draft));
  } catch {
    // Storage full or disabled: the draft still lives in memory; nothing else to do.
  }
}

export function clearDraft(owner: DraftOwner, docId: string): void {
  try {
    localStorage.removeItem(draftKey(owner, docId, tabId()));
  } catch {
    /* storage unavailable */
  }
}

function keysStartingWith(prefix: string): string[] {
  const keys: string[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(prefix)) keys.push(k);
    }
  } catch {
    /* storage unavailable */
  }
  return keys;
}

/** Moves a draft to this tab's key of `owner`. */
function adopt(owner: DraftOwner, fromKey: string, draft: Draft): Draft {
  const adopted: Draft = { ...draft, tab: tabId() };
  try {
    localStorage.setItem(draftKey(owner, draft.docId, adopted.tab), JSON.stringify(adopted));
    localStorage.removeItem(fromKey);
    if (draft.tab !== adopted.tab) localStorage.removeItem(`${ALIVE_PREFIX}${draft.tab}`);
  } catch {
    /* storage unavailable: the adopted draft still opens */
  }
  return adopted;
}

/**
 * This tab's draft of the document, or else an orphaned one of the same owner (taken over by
 * this tab), or else an unowned one — this tab's own or an orphan — which becomes the owner's.
 */
export function loadDraft(owner: DraftOwner, docId: string): Draft | null {
  const own = read(draftKey(owner, docId, tabId()));
  if (own) return own;
  const now = Date.now();
  for (const k of keysStartingWith(docPrefix(owner, docId))) {
    const draft = read(k);
    if (draft && !tabAlive(draft.tab, now)) return adopt(owner, k, draft);
  }
  if (owner === null) return null;
  for (const k of keysStartingWith(docPrefix(null, docId))) {
    const draft = read(k);
    if (draft && (draft.tab === tabId() || !tabAlive(draft.tab, now))) return adopt(owner, k, draft);
  }
  return null;
}
