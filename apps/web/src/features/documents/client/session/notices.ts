import type { Versioned } from "@tandem/client";
import type { DraftRecord } from "@/features/documents/client/drafts.ts";
import { sideOf, type Side } from "@/features/documents/client/side.ts";
import type { Notice } from "./state.ts";

// Every sentence the session shows, in one place.

export function who(name: string | null | undefined): string {
  return name?.trim() ? name : "someone";
}

/**
 * A sentence about another writer's version, with why they made it when they said: "Merged with
 * changes by Ann in v7" and " — fix dates" (shown in italics), or the sentence with a full stop.
 */
function withSummary(sentence: string, v: Pick<Versioned, "doc">): Pick<Notice, "text" | "summary"> {
  return v.doc.summary ? { text: sentence, summary: v.doc.summary } : { text: `${sentence}.` };
}

function changesBy(before: Side, theirs: Pick<Versioned, "doc">): Notice["changes"] {
  return { before, after: sideOf(theirs), title: `Changes by ${who(theirs.doc.updatedBy)} in v${theirs.doc.version}` };
}

export const notices = {
  restored: (): Notice => ({ tone: "info", text: "Restored your unsaved changes." }),
  restoredAndMerged: (stored: DraftRecord, base: Side, server: Versioned): Notice => ({
    tone: "info",
    text: `Restored your unsaved changes from v${stored.baseVersion} and merged them with v${server.doc.version} by ${who(server.doc.updatedBy)}. Review and save.`,
    changes: { before: base, after: sideOf(server), title: `Changes since v${stored.baseVersion}` },
  }),
  updated: (v: Versioned): Notice => ({ tone: "info", ...withSummary(`Updated to v${v.doc.version} by ${who(v.doc.updatedBy)}`, v) }),
  mergedOnSave: (base: Side, theirs: Pick<Versioned, "doc">): Notice => ({
    tone: "success",
    ...withSummary(`Merged with changes by ${who(theirs.doc.updatedBy)} in v${theirs.doc.version}`, theirs),
    changes: changesBy(base, theirs),
  }),
  /** Merged on the server, with versions that could not be read for "View changes". */
  mergedOnServer: (saved: Versioned): Notice => ({ tone: "success", text: `Merged with changes made since your copy and saved as v${saved.doc.version}.` }),
  mergedNow: (base: Side, theirs: Versioned): Notice => ({
    tone: "success",
    text: `Merged the changes by ${who(theirs.doc.updatedBy)} in v${theirs.doc.version} into your text. Not saved yet.`,
    changes: changesBy(base, theirs),
  }),
  savedMerged: (saved: Versioned): Notice => ({ tone: "success", text: `Saved the merged version as v${saved.doc.version}.` }),
  recreated: (created: Versioned): Notice => ({ tone: "success", text: `Re-created the document with your text as v${created.doc.version}.` }),
};

export const reasons = {
  staleDraft: (stored: DraftRecord, server: Versioned) =>
    `Your unsaved changes were made on v${stored.baseVersion}; v${server.doc.version} changed the same lines.`,
  keptTyping: () => "You kept typing while the save merged other changes.",
  thirdWriter: (theirs: Versioned) =>
    `${who(theirs.doc.updatedBy)} saved v${theirs.doc.version} while you were resolving. Your choices are kept where they still apply.`,
  recreatedFirst: (theirs: Versioned) => `${who(theirs.doc.updatedBy)} re-created this document first.`,
};

/** The session ended (401): what the sign-in notice says. */
export function sessionEnded(dirty: boolean): string {
  return dirty
    ? "Your session has ended. Your changes are kept in this browser — sign in again to save them."
    : "Your session has ended. Sign in again to keep editing.";
}

export const errors = {
  save: (message: string) => `Could not save: ${message}. Your changes are kept; try again.`,
  saveMerged: (message: string) => `Could not save: ${message}. Your choices are kept; try again.`,
  recreate: (message: string) => `Could not re-create: ${message}`,
  merge: (message: string) => `Could not merge: ${message}. Your changes are kept; try again.`,
  deleteRefused: (current: Versioned) => `${who(current.doc.updatedBy)} changed this document (v${current.doc.version}) after you opened it.`,
  alreadyDeleted: () => "It was already deleted.",
  signedOut: () => "Your session has ended.",
};
