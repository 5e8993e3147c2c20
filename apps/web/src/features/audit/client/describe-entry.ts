import type { AuditEntry } from "@tandem/contract";

// Audit entries as sentences an owner reads: who did what, with the particulars from `detail`.
// The detail is JSON the server wrote; anything missing or of another type reads as unknown
// rather than breaking the list.

const ROLE_WORDS: Record<string, string> = { owner: "owner", editor: "can edit", viewer: "can view" };

function text(detail: Record<string, unknown>, key: string): string | null {
  const value = detail[key];
  return typeof value === "string" && value.trim() ? value : null;
}

function num(detail: Record<string, unknown>, key: string): number | null {
  const value = detail[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function role(detail: Record<string, unknown>, key: string): string {
  const value = text(detail, key);
  return value ? (ROLE_WORDS[value] ?? value) : "?";
}

/** "42 s", "3 min 5 s", "2 h 4 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const minutes = Math.round(s / 60);
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
}

/** One audit entry as a sentence. */
export function describeEntry(entry: AuditEntry): string {
  const who = entry.actor?.name?.trim() || "Someone";
  const d = entry.detail ?? {};
  // The member is named by name when the server sent one, by email otherwise.
  const member = text(d, "name") ?? text(d, "email") ?? "someone";
  switch (entry.type) {
    case "conflict": {
      const had = num(d, "clientVersion");
      const at = num(d, "currentVersion");
      const versions = had !== null && at !== null ? `: they had version ${had}, the document was at version ${at}` : "";
      return `${who}'s save was refused${versions}`;
    }
    case "conflict-resolved": {
      const seconds = num(d, "seconds");
      const after = seconds === null ? "" : seconds < 1 ? " within a second" : ` after ${formatDuration(seconds)}`;
      return text(d, "resolution") === "dialog" ? `${who} resolved a conflict in the merge dialog${after}` : `${who}'s save was merged with the newer version automatically${after}`;
    }
    case "member-added":
      return `${who} shared with ${member} (${role(d, "role")})`;
    case "member-changed":
      return `${who} changed ${member} from ${role(d, "previousRole")} to ${role(d, "role")}`;
    case "member-removed":
      return `${who} removed ${member} (${role(d, text(d, "previousRole") ? "previousRole" : "role")})`;
    case "document-deleted":
      return `${who} deleted the document`;
    case "document-recreated":
      return `${who} re-created the document`;
    case "document-purged":
      return `${who} purged the document's history`;
    case "sign-in":
      return `${who} signed in`;
    case "sign-in-failed":
      return `A sign-in failed${text(d, "email") ? ` for ${text(d, "email")}` : ""}`;
    case "token-created":
      return `${who} created an API token${text(d, "label") ? ` “${text(d, "label")}”` : ""}`;
    case "token-revoked":
      return `${who} revoked an API token${text(d, "label") ? ` “${text(d, "label")}”` : ""}`;
    default:
      return `${who}: ${String(entry.type)}`;
  }
}
