// What changed, as every instance hears it: committed document changes (one per revision),
// membership changes and presence. On PostgreSQL each instance holds one LISTEN connection and
// writes NOTIFY in the very statement or transaction that commits the change; on SQLite (one
// instance) the process's own writes are announced in-process after they commit.
import type { RevisionKind } from "./documents-repository.ts";

/** A committed state change: the revision it stored is its identity (and its event id). */
export interface DocumentChange {
  revisionId: number;
  documentId: string;
  version: number;
  etag: string;
  kind: RevisionKind;
  updatedBy: string | null;
  updatedById: string | null;
  /** The writer's edit summary of the change (null: none). */
  summary: string | null;
  updatedAt: Date;
}

/** A member added, changed (role) or removed (role null). */
export interface MembershipChange {
  documentId: string;
  userId: string;
  role: string | null;
}

export type FeedMessage =
  | { type: "document"; change: DocumentChange }
  | { type: "membership"; change: MembershipChange }
  /** Another instance's presence report (opaque here; the presence feature owns its shape). */
  | { type: "presence"; payload: unknown }
  /**
   * The feed may have missed messages (LISTEN has just taken effect: for the first time, or
   * after the connection dropped and came back): every consumer re-reads what it follows from
   * the database.
   */
  | { type: "gap" };

export interface ChangeFeed {
  subscribe(listener: (message: FeedMessage) => void): () => void;
  /** Presence reports go to every instance (this one included). */
  publishPresence(payload: unknown): Promise<void>;
  /** Reconnections of the listener so far (a metric). */
  reconnects(): number;
  close(): Promise<void>;
}

export const DOCUMENT_CHANNEL = "tandem_documents";
export const MEMBERSHIP_CHANNEL = "tandem_members";
export const PRESENCE_CHANNEL = "tandem_presence";

/** Listeners of one process. */
export class FeedListeners {
  private readonly listeners = new Set<(message: FeedMessage) => void>();

  subscribe(listener: (message: FeedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(message: FeedMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // One consumer's failure must not keep the message from the others.
      }
    }
  }
}

/** The JSON a NOTIFY carries, back into a change (dates arrive as text). */
export function parseDocumentChange(text: string): DocumentChange | null {
  try {
    const raw = JSON.parse(text) as Omit<DocumentChange, "updatedAt"> & { updatedAt: string };
    return { ...raw, updatedAt: new Date(raw.updatedAt.endsWith("Z") ? raw.updatedAt : `${raw.updatedAt}Z`) };
  } catch {
    return null;
  }
}
