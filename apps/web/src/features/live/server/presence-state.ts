// Who has which document open: a pure reducer `(state, input) → { state, changed }`, tested with
// literal tables. The runner (presence-hub.ts) feeds it this instance's streams, the other
// instances' reports and a clock.
//
// - A tab with the document's stream open is `viewing`; typing makes it `editing` until it
//   says it saved, or is idle for PRESENCE_EDITING_IDLE_MS.
// - This instance's tabs last exactly as long as their stream (a closed or crashed tab ends
//   its connection). Another instance's tabs last PRESENCE_TTL_MS after its last report, so a
//   crashed instance's tabs disappear too.
import { PRESENCE_EDITING_IDLE_MS, PRESENCE_TTL_MS, type PresenceState, type PresenceUser } from "@tandem/contract";

export interface TabPresence {
  documentId: string;
  userId: string;
  name: string;
  state: PresenceState;
  /** When the tab entered its state (ms). */
  since: number;
  /** Editing: when it falls back to viewing unless refreshed (ms). */
  editingUntil: number | null;
}

/** Keyed by `<instance>/<tab>`. */
export interface PresenceBook {
  tabs: ReadonlyMap<string, TabPresence & { instance: string; expiresAt: number | null }>;
}

export type PresenceInput =
  | { type: "open"; instance: string; tab: string; documentId: string; userId: string; name: string; at: number }
  | { type: "set"; instance: string; tab: string; state: PresenceState; at: number }
  | { type: "close"; instance: string; tab: string }
  /** Everything another instance holds now (its report replaces what it held before). */
  | { type: "report"; instance: string; tabs: readonly (TabPresence & { tab: string })[]; at: number }
  | { type: "tick"; at: number };

export const emptyPresence = (): PresenceBook => ({ tabs: new Map() });

const key = (instance: string, tab: string) => `${instance}/${tab}`;

export function reducePresence(book: PresenceBook, input: PresenceInput): { book: PresenceBook; changed: ReadonlySet<string> } {
  const tabs = new Map(book.tabs);
  const changed = new Set<string>();
  switch (input.type) {
    case "open": {
      const k = key(input.instance, input.tab);
      const before = tabs.get(k);
      if (before && before.documentId !== input.documentId) changed.add(before.documentId);
      tabs.set(k, { documentId: input.documentId, userId: input.userId, name: input.name, state: "viewing", since: input.at, editingUntil: null, instance: input.instance, expiresAt: null });
      changed.add(input.documentId);
      break;
    }
    case "set": {
      const k = key(input.instance, input.tab);
      const tab = tabs.get(k);
      if (!tab) break;
      const editingUntil = input.state === "editing" ? input.at + PRESENCE_EDITING_IDLE_MS : null;
      const since = tab.state === input.state ? tab.since : input.at;
      if (tab.state !== input.state) changed.add(tab.documentId);
      tabs.set(k, { ...tab, state: input.state, since, editingUntil });
      break;
    }
    case "close": {
      const k = key(input.instance, input.tab);
      const tab = tabs.get(k);
      if (!tab) break;
      tabs.delete(k);
      changed.add(tab.documentId);
      break;
    }
    case "report": {
      for (const [k, tab] of tabs) {
        if (tab.instance !== input.instance) continue;
        tabs.delete(k);
        changed.add(tab.documentId);
      }
      for (const tab of input.tabs) {
        const { tab: id, ...rest } = tab;
        tabs.set(key(input.instance, id), { ...rest, instance: input.instance, expiresAt: input.at + PRESENCE_TTL_MS });
        changed.add(tab.documentId);
      }
      // A report that repeats what was known changes nothing anyone sees.
      for (const documentId of [...changed]) if (sameUsers(usersOf(book, documentId), usersOf({ tabs }, documentId))) changed.delete(documentId);
      break;
    }
    case "tick": {
      for (const [k, tab] of tabs) {
        if (tab.expiresAt !== null && tab.expiresAt <= input.at) {
          tabs.delete(k);
          changed.add(tab.documentId);
        } else if (tab.editingUntil !== null && tab.editingUntil <= input.at) {
          tabs.set(k, { ...tab, state: "viewing", since: input.at, editingUntil: null });
          changed.add(tab.documentId);
        }
      }
      break;
    }
  }
  return { book: changed.size || input.type === "report" ? { tabs } : book, changed };
}

/**
 * The people with a document open, one entry per user: editing if any of their tabs is, since
 * the earliest tab in that state; ordered by since, then name.
 */
export function usersOf(book: PresenceBook, documentId: string): PresenceUser[] {
  const byUser = new Map<string, { name: string; state: PresenceState; since: number }>();
  for (const tab of book.tabs.values()) {
    if (tab.documentId !== documentId) continue;
    const seen = byUser.get(tab.userId);
    if (!seen || rank(tab.state) > rank(seen.state) || (tab.state === seen.state && tab.since < seen.since)) {
      byUser.set(tab.userId, { name: tab.name, state: tab.state, since: tab.since });
    }
  }
  return [...byUser.entries()]
    .sort(([, a], [, b]) => a.since - b.since || a.name.localeCompare(b.name))
    .map(([id, u]) => ({ id, name: u.name, state: u.state, since: new Date(u.since).toISOString() }));
}

/** This instance's own tabs, for its report to the others. */
export function localTabs(book: PresenceBook, instance: string): (TabPresence & { tab: string })[] {
  const out: (TabPresence & { tab: string })[] = [];
  for (const [k, tab] of book.tabs) {
    if (tab.instance !== instance) continue;
    const { instance: _i, expiresAt: _e, ...rest } = tab;
    out.push({ ...rest, tab: k.slice(instance.length + 1) });
  }
  return out;
}

const rank = (state: PresenceState) => (state === "editing" ? 1 : 0);

function sameUsers(a: PresenceUser[], b: PresenceUser[]): boolean {
  return a.length === b.length && a.every((u, i) => u.id === b[i]!.id && u.state === b[i]!.state && u.since === b[i]!.since);
}
