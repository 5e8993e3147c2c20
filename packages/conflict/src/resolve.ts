import { writeConflictMarkers, type MarkerOptions } from "./markers.ts";
import { lastTerminatorIn, TextBuilder } from "./split-lines.ts";
import type { ConflictChunk, MergeResult } from "./types.ts";

/**
 * How to settle one conflict: keep one side, keep both in either order, go
 * back to base, or use custom text (taken verbatim; if it does not end with a
 * line break and text follows, the conflict's line terminator is added).
 */
export type Resolution = "mine" | "theirs" | "base" | "mine-then-theirs" | "theirs-then-mine" | { readonly text: string };

/** Resolutions by conflict id (a Map or a plain object), or a function asked for each conflict. */
export type Resolutions =
  | ReadonlyMap<string, Resolution>
  | Readonly<Record<string, Resolution>>
  | ((conflict: ConflictChunk) => Resolution | undefined);

export interface ResolveOptions {
  /**
   * What to do with a conflict that has no resolution: "throw" (default)
   * throws {@link UnresolvedConflictsError} so that no edit is dropped
   * silently; "markers" writes it out between conflict markers.
   */
  readonly unresolved?: "throw" | "markers";
  /** Marker options when `unresolved` is "markers". */
  readonly markers?: MarkerOptions;
}

export class UnresolvedConflictsError extends Error {
  constructor(readonly ids: readonly string[]) {
    super(`${ids.length} conflict(s) have no resolution: ${ids.join(", ")}`);
    this.name = "UnresolvedConflictsError";
  }
}

/**
 * The final text of a merge with each conflict settled by `resolutions`.
 * For a clean result no resolutions are needed. Resolutions for ids that are
 * not in the result are ignored, so choices kept from an earlier merge of the
 * same document can be passed as they are.
 */
export function resolveConflicts(result: MergeResult, resolutions?: Resolutions, options: ResolveOptions = {}): string {
  const out = new TextBuilder();
  const unresolved: string[] = [];
  for (const chunk of result.chunks) {
    if (chunk.kind === "stable") {
      out.appendText(chunk.text, lastTerminatorIn(chunk.text));
      continue;
    }
    const resolution = lookup(resolutions, chunk);
    if (resolution !== undefined) {
      writeResolution(out, chunk, resolution);
    } else if (options.unresolved === "markers") {
      writeConflictMarkers(out, chunk, options.markers ?? {});
    } else {
      unresolved.push(chunk.id);
    }
  }
  if (unresolved.length > 0) throw new UnresolvedConflictsError(unresolved);
  return out.toString();
}

/** The text one conflict becomes under `resolution` (before any separator the surrounding text needs). */
export function resolveConflict(conflict: ConflictChunk, resolution: Resolution): string {
  const out = new TextBuilder();
  writeResolution(out, conflict, resolution);
  return out.toString();
}

function lookup(resolutions: Resolutions | undefined, conflict: ConflictChunk): Resolution | undefined {
  if (resolutions === undefined) return undefined;
  if (typeof resolutions === "function") return resolutions(conflict);
  if (resolutions instanceof Map) return resolutions.get(conflict.id);
  const record = resolutions as Readonly<Record<string, Resolution>>;
  return Object.hasOwn(record, conflict.id) ? record[conflict.id] : undefined;
}

function writeResolution(out: TextBuilder, conflict: ConflictChunk, resolution: Resolution): void {
  const { eol } = conflict;
  switch (resolution) {
    case "mine":
      out.append(conflict.mine, eol);
      return;
    case "theirs":
      out.append(conflict.theirs, eol);
      return;
    case "base":
      out.append(conflict.base, eol);
      return;
    // Like git's --union (xdl_recs_copy with add_nl): the first side's last line is ended even
    // when nothing of the second follows, so a side without a final newline is not left open.
    case "mine-then-theirs":
      out.append(conflict.mine, eol);
      if (conflict.mine.length > 0) out.closeLine();
      out.append(conflict.theirs, eol);
      return;
    case "theirs-then-mine":
      out.append(conflict.theirs, eol);
      if (conflict.theirs.length > 0) out.closeLine();
      out.append(conflict.mine, eol);
      return;
    default:
      if (typeof resolution === "object" && resolution !== null && typeof resolution.text === "string") {
        out.appendText(resolution.text, eol);
        return;
      }
      throw new TypeError(`invalid resolution for conflict ${conflict.id}: ${JSON.stringify(resolution)}`);
  }
}
