// Presence as the browser shows and sends it: pure functions, tested with literal tables.
import { presencePath, JSON_MEDIA_TYPE, type PresenceInput, type PresenceState, type PresenceSummaryEvent, type PresenceUser } from "@tandem/contract";

/** While typing, `editing` is said again this often (the server lets it lapse after 60 s idle). */
export const PRESENCE_TYPING_REFRESH_MS = 20_000;

/** Everyone with the document open but the signed-in account (in whichever of its tabs). */
export function othersOf(users: readonly PresenceUser[], selfId: string | null): PresenceUser[] {
  return users.filter((u) => u.id !== selfId);
}

/** "Ann is editing", "Bo is viewing". */
export function presenceLine(user: Pick<PresenceUser, "name" | "state">): string {
  return `${user.name.trim() || "Someone"} is ${user.state}`;
}

function names(list: readonly string[]): string {
  if (list.length <= 1) return list[0] ?? "";
  return `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}

/** The soft warning on opening a document others are editing (no lock: just so you know). */
export function editingWarning(editors: readonly string[]): string | null {
  if (editors.length === 0) return null;
  return `${names(editors.map((n) => n.trim() || "Someone"))} ${editors.length === 1 ? "is" : "are"} editing — your changes may conflict`;
}

/** The list's note next to a document: "2 editing", else "1 viewing", else nothing. */
export function presenceSummaryText(summary: Pick<PresenceSummaryEvent, "editing" | "viewing"> | undefined): string | null {
  if (!summary) return null;
  if (summary.editing > 0) return `${summary.editing} editing`;
  if (summary.viewing > 0) return `${summary.viewing} viewing`;
  return null;
}

/** What this tab last said, and when. */
export interface Said {
  state: PresenceState;
  at: number;
}

/**
 * Whether to send `want` now: always when it changes what was last said; `editing` again only
 * once the last one is PRESENCE_TYPING_REFRESH_MS old (typing is throttled); `viewing` never twice.
 */
export function shouldSay(last: Said | null, want: PresenceState, now: number): boolean {
  if (!last || last.state !== want) return true;
  return want === "editing" && now - last.at >= PRESENCE_TYPING_REFRESH_MS;
}

/** `PUT /api/documents/:id/presence`; best effort (presence is a courtesy, never a lock). */
export async function sendPresence(documentId: string, input: PresenceInput): Promise<boolean> {
  try {
    const res = await fetch(presencePath(documentId), {
      method: "PUT",
      headers: { "Content-Type": JSON_MEDIA_TYPE },
      body: JSON.stringify(input),
      credentials: "same-origin",
      cache: "no-store",
    });
    return res.ok;
  } catch {
    return false;
  }
}
