import { TandemHttpError, type Revision, type Versioned, type WriteAnswer } from "@tandem/client";
import { api } from "./api.ts";
import { resolvingWrite, type ConflictResolution } from "./conflict-headers.ts";
import { diffForSave } from "./diff-for-save.ts";
import type { Side } from "./side.ts";

// How the editor sends a save: the whole document (PUT), or for a large one a diff against the
// version it names (PATCH text/x-diff); with Prefer: merge when the session asks for it.

export interface SaveRequest {
  side: Side;
  ifMatch: string;
  /** The content of the version `ifMatch` names, when the session holds it: a diff needs it. */
  base: Side | null;
  merge: boolean;
  /** The Summary field's text, if any. */
  summary?: string;
  resolves?: ConflictResolution;
}

export async function sendSave(id: string, request: SaveRequest): Promise<WriteAnswer> {
  const options = { ifMatch: request.ifMatch, merge: request.merge };
  // A diff body has no room for the summary: a save with one sends the whole document.
  const diff = request.base && !request.summary ? diffForSave(request.base, request.side) : null;
  if (diff !== null) {
    try {
      return await resolvingWrite(request.resolves, () => api.patchDiff(id, diff, options));
    } catch (error) {
      // The session's copy of the base was not the server's: the whole document still says it all.
      if (!(error instanceof TandemHttpError && error.code === "patch-does-not-apply")) throw error;
    }
  }
  return resolvingWrite(request.resolves, () => api.replace(id, { ...request.side, summary: request.summary }, options));
}

/** The newest version a save was merged over, as the notice shows it; null if it cannot be read. */
export async function mergedOver(id: string, answer: WriteAnswer): Promise<Pick<Versioned, "doc"> | null> {
  const version = answer.merged?.over.at(-1);
  if (version === undefined) return null;
  try {
    return { doc: revisionView(id, await api.revision(id, version)) };
  } catch {
    return null;
  }
}

function revisionView(id: string, r: Revision): Versioned["doc"] {
  return { id, title: r.title, content: r.content, version: r.version, createdAt: r.createdAt, updatedAt: r.createdAt, updatedBy: r.author, updatedById: r.authorId, summary: r.summary ?? null };
}
