import { lastTerminatorIn, TextBuilder } from "./split-lines.ts";
import type { ConflictChunk, MergeResult } from "./types.ts";

export interface MarkerOptions {
  /** Text after each marker; defaults "mine", "base", "theirs". An empty label gives a bare marker. */
  readonly labels?: { readonly mine?: string; readonly base?: string; readonly theirs?: string };
  /** "diff3" adds the base section after `|||||||`; default "merge" (mine and theirs only), as git. */
  readonly style?: "merge" | "diff3";
  /** Length of each marker; default 7, as git. */
  readonly markerSize?: number;
}

/** The merged text with every conflict written out between git-style conflict markers. */
export function renderConflictMarkers(result: MergeResult, options: MarkerOptions = {}): string {
  const out = new TextBuilder();
  for (const chunk of result.chunks) {
    if (chunk.kind === "stable") out.appendText(chunk.text, lastTerminatorIn(chunk.text));
    else writeConflictMarkers(out, chunk, options);
  }
  return out.toString();
}

/** Writes one conflict between markers; shared with partial resolution. */
export function writeConflictMarkers(out: TextBuilder, conflict: ConflictChunk, options: MarkerOptions): void {
  const size = options.markerSize ?? 7;
  if (!Number.isInteger(size) || size < 1) throw new RangeError("markerSize must be a positive integer");
  const labels = options.labels ?? {};
  const { eol } = conflict;
  const marker = (char: string, label: string | undefined): void => {
    out.closeLine();
    // A label is one line of text; a line break in it would forge content.
    const text = label === undefined || label === "" ? "" : ` ${label.replace(/[\r\n]+/g, " ")}`;
    out.appendText(char.repeat(size) + text + eol, eol);
  };
  marker("<", labels.mine ?? "mine");
  out.append(conflict.mine, eol);
  if (options.style === "diff3") {
    marker("|", labels.base ?? "base");
    out.append(conflict.base, eol);
  }
  marker("=", "");
  out.append(conflict.theirs, eol);
  marker(">", labels.theirs ?? "theirs");
}
