// Which stored draft a tab opening a document restores: a pure decision over what the device
// holds, tested with literal tables (test/draft-choice.test.ts). The I/O is in drafts.ts.

/**
 * The account id the drafts belong to. null when it is not known (no session could be
 * confirmed): such drafts are stored without an owner, like those from before accounts, and
 * go to the next account that opens the document — kept rather than lost.
 */
export type DraftOwner = string | null;

/** A draft as it is stored on the device. */
export interface Draft {
  docId: string;
  /** The tab that wrote it. */
  tab: string;
  owner: DraftOwner;
  title: string;
  content: string;
  /** The Summary field's text (kept with the draft, sent with its save). */
  summary: string;
  /** The server state the draft was edited from. */
  baseVersion: number;
  baseEtag: string;
  /** When it was written: strictly increasing within a tab (0: migrated from localStorage). */
  savedAt: number;
}

export interface StoredDraft {
  key: string;
  draft: Draft;
  /** Whether the tab that wrote it is still open (its heartbeat is fresh). */
  tabAlive: boolean;
}

export interface DraftChoice {
  /** The draft to restore, or null for none. */
  restore: StoredDraft | null;
  /**
   * Drafts that must never come back: a later draft of the same document by the same owner
   * could not be stored on this device, so they are not the latest text.
   */
  discard: string[];
}

/**
 * `failedAt`: when this device last failed to store a draft of the document for this owner (or
 * for no owner), if that has not been made good since. A draft written before it is stale.
 *
 * What may be restored: drafts of this owner written by this tab or by a tab that is gone (a
 * closed or crashed one; an open tab's draft is its own), and, when there are none, drafts
 * without an owner under the same condition. Among those, this tab's own, else the newest.
 */
export function chooseDraft(input: { owner: DraftOwner; tab: string; stored: readonly StoredDraft[]; failedAt: { owned: number | null; unowned: number | null } }): DraftChoice {
  const { owner, tab, stored, failedAt } = input;
  const mine = (s: StoredDraft) => s.draft.tab === tab || !s.tabAlive;
  const stale = (s: StoredDraft) => {
    const failed = s.draft.owner === null ? failedAt.unowned : failedAt.owned;
    return failed !== null && s.draft.savedAt <= failed;
  };
  const discard: string[] = [];
  const candidates = (who: DraftOwner) =>
    stored.filter((s) => {
      if (s.draft.owner !== who || !mine(s)) return false;
      if (!stale(s)) return true;
      discard.push(s.key);
      return false;
    });
  const owned = candidates(owner);
  const unowned = owner === null ? [] : candidates(null);
  const pool = owned.length > 0 ? owned : unowned;
  // This tab's own draft first (a reload): another tab reloading at the same moment has
  // released its heartbeat, and its draft must not be taken for being newer.
  const own = pool.find((s) => s.draft.tab === tab);
  const restore = own ?? pool.reduce<StoredDraft | null>((best, s) => (best && best.draft.savedAt >= s.draft.savedAt ? best : s), null);
  return { restore, discard };
}
