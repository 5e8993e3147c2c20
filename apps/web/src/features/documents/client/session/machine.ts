import { edit, editSummary, dismissNotice, flushDraft, restore } from "./editing.ts";
import { cancelDelete, deleteResult, discard, recreate, recreateResult, remove } from "./deleting.ts";
import type { ResultEvent, SessionEvent } from "./events.ts";
import { catchUp, presence, streamChange, streamDown, streamReset, streamUp } from "./live.ts";
import { loaded, open, staleDraftResult } from "./loading.ts";
import { mergeNow, mergeNowResult } from "./merge-now.ts";
import { choose, closeDialog, openDialog, resolvedResult, saveMerged } from "./resolving.ts";
import { save, saveResult } from "./saving.ts";
import { pollDue, serverNews, tabMessage } from "./server-news.ts";
import { sessionBack, sessionEndedDuring } from "./signed-out.ts";
import type { SessionState } from "./state.ts";
import { step, type Step } from "./step.ts";

/**
 * The editing session as a decision function: the next state and the effects to perform, from
 * the current state and one event. No I/O, no clock, no randomness: every outcome of the
 * outside world arrives as an event.
 */
export function transition(state: SessionState, event: SessionEvent): Step {
  return catchUp(state, sessionBack(event, decide(state, event)));
}

function decide(state: SessionState, event: SessionEvent): Step {
  switch (event.type) {
    case "open":
      return open(state, event.stored);
    case "edit":
      return edit(state, event.patch);
    case "edit-summary":
      return editSummary(state, event.summary);
    case "save":
      return save(state);
    case "merge-now":
      return mergeNow(state);
    case "open-dialog":
      return openDialog(state);
    case "close-dialog":
      return closeDialog(state);
    case "choose":
      return choose(state, event.field, event.conflictId, event.resolution);
    case "save-merged":
      return saveMerged(state, event.resolved);
    case "restore":
      return restore(state, event.revision);
    case "delete":
      return remove(state, event.ifMatch);
    case "cancel-delete":
      return cancelDelete(state);
    case "recreate":
      return recreate(state);
    case "discard":
      return discard(state);
    case "dismiss-notice":
      return dismissNotice(state);
    case "poll-due":
      return pollDue(state);
    case "tab-message":
      return tabMessage(state, event.message);
    case "flush-draft":
      return flushDraft(state);
    case "draft-stored":
      return step(state.draftUnstored === !event.stored ? state : { ...state, draftUnstored: !event.stored });
    case "stream-up":
      return streamUp(state);
    case "stream-down":
      return streamDown(state);
    case "stream-change":
      return streamChange(state, event.version);
    case "stream-reset":
      return streamReset(state);
    case "presence":
      return presence(state, event.others);
    case "fetched":
    case "fetch-gone":
    case "fetch-missing":
    case "fetch-failed":
    case "fetch-unauthorized":
      return event.source === "load" ? loaded(state, event) : serverNews(state, event);
    case "unauthorized":
      return sessionEndedDuring(state);
    default:
      return operationResult(state, event);
  }
}

/** The answer to the one operation under way; anything else is stale and changes nothing. */
function operationResult(state: SessionState, event: ResultEvent): Step {
  const { op } = state;
  switch (op?.kind) {
    case undefined:
    case "load":
      return step(state);
    case "load-revision":
    case "load-merge":
      return staleDraftResult(state, op, event);
    case "save":
    case "save-merge":
    case "reconcile":
      return saveResult(state, op, event);
    case "save-merged":
    case "remerge":
      return resolvedResult(state, op, event);
    case "merge-now":
      return mergeNowResult(state, op, event);
    case "recreate":
    case "recreate-merge":
      return recreateResult(state, op, event);
    case "delete":
      return deleteResult(state, event);
  }
}
