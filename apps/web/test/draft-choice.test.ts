import { describe, expect, it } from "vitest";
import { chooseDraft, type Draft, type DraftOwner, type StoredDraft } from "@/features/documents/client/draft-choice.ts";

// Which stored draft a tab opening a document restores (drafts.ts reads IndexedDB and the
// heartbeats, then asks this). One row per case: what the device holds, the answer.

const TAB = "tab-this";

function stored(key: string, owner: DraftOwner, tab: string, savedAt: number, tabAlive: boolean): StoredDraft {
  const draft: Draft = { docId: "doc-1", tab, owner, title: "Plan", content: `text of ${key}`, summary: "", baseVersion: 1, baseEtag: '"1.a"', savedAt };
  return { key, draft, tabAlive };
}

interface Row {
  name: string;
  owner: DraftOwner;
  stored: StoredDraft[];
  failedAt?: { owned: number | null; unowned: number | null };
  restore: string | null;
  discard?: string[];
}

const NONE = { owned: null, unowned: null };

const rows: Row[] = [
  { name: "nothing stored → nothing restored", owner: "ann", stored: [], restore: null },
  { name: "this tab's own draft (a reload)", owner: "ann", stored: [stored("own", "ann", TAB, 100, true)], restore: "own" },
  { name: "a crashed or closed tab's draft (no heartbeat) is adopted", owner: "ann", stored: [stored("orphan", "ann", "tab-gone", 100, false)], restore: "orphan" },
  { name: "an open tab's draft is that tab's, never taken", owner: "ann", stored: [stored("live", "ann", "tab-open", 100, true)], restore: null },
  { name: "another account's draft never comes back, orphaned or not", owner: "bo", stored: [stored("ann's", "ann", "tab-gone", 100, false), stored("ann's own", "ann", TAB, 100, true)], restore: null },
  {
    name: "this tab's own draft comes first, even before a newer orphan (another tab reloading at the same moment)",
    owner: "ann",
    stored: [stored("own old", "ann", TAB, 100, true), stored("orphan new", "ann", "tab-gone", 200, false)],
    restore: "own old",
  },
  {
    name: "without one of this tab's, the newest orphan wins",
    owner: "ann",
    stored: [stored("orphan new", "ann", "tab-gone", 200, false), stored("orphan older", "ann", "tab-gone-2", 50, false)],
    restore: "orphan new",
  },
  { name: "an unowned draft (from before accounts) goes to the signed-in account", owner: "ann", stored: [stored("unowned", null, "tab-gone", 100, false)], restore: "unowned" },
  { name: "an unowned draft of a live tab other than this one stays", owner: "ann", stored: [stored("unowned", null, "tab-open", 100, true)], restore: null },
  { name: "the account's own draft comes before a newer unowned one", owner: "ann", stored: [stored("owned", "ann", TAB, 100, true), stored("unowned", null, TAB, 900, true)], restore: "owned" },
  { name: "with no account known, unowned drafts are restored", owner: null, stored: [stored("unowned", null, "tab-gone", 100, false), stored("ann's", "ann", "tab-gone", 900, false)], restore: "unowned" },
  { name: "migrated from localStorage (time 0) it still opens", owner: "ann", stored: [stored("migrated", "ann", "tab-old", 0, false)], restore: "migrated" },
  {
    name: "a later write failed: this tab's older draft is stale, discarded, never restored",
    owner: "ann",
    stored: [stored("own", "ann", TAB, 100, true)],
    failedAt: { owned: 150, unowned: null },
    restore: null,
    discard: ["own"],
  },
  {
    name: "the failed write was the one that stored nothing: a draft written at that very time is stale too",
    owner: "ann",
    stored: [stored("own", "ann", TAB, 150, true)],
    failedAt: { owned: 150, unowned: null },
    restore: null,
    discard: ["own"],
  },
  {
    name: "a failed write also makes older orphans stale (they are older than the text that was lost)",
    owner: "ann",
    stored: [stored("orphan", "ann", "tab-gone", 120, false), stored("newer orphan", "ann", "tab-gone-2", 200, false)],
    failedAt: { owned: 150, unowned: null },
    restore: "newer orphan",
    discard: ["orphan"],
  },
  {
    name: "an open tab's draft is neither restored nor discarded by this tab's failure",
    owner: "ann",
    stored: [stored("live", "ann", "tab-open", 100, true)],
    failedAt: { owned: 150, unowned: null },
    restore: null,
  },
  {
    name: "a failure with unowned drafts: stale unowned ones go, the account's own one opens",
    owner: "ann",
    stored: [stored("owned", "ann", TAB, 300, true), stored("unowned", null, "tab-gone", 100, false)],
    failedAt: { owned: 150, unowned: 150 },
    restore: "owned",
    discard: ["unowned"],
  },
];

describe("chooseDraft: which stored draft a tab restores", () => {
  it.each(rows)("$name", ({ owner, stored: found, failedAt, restore, discard }) => {
    const choice = chooseDraft({ owner, tab: TAB, stored: found, failedAt: failedAt ?? NONE });
    expect(choice.restore?.key ?? null).toBe(restore);
    expect(choice.discard).toEqual(discard ?? []);
  });
});
