// The library entry: framework-free and free of node: imports, so it runs in
// the browser as well as on the server. Only cli.ts touches Node's APIs.
export { merge3, mergeLines } from "./merge.ts";
export { diffTexts, type LineChange, type TextDiff } from "./diff-texts.ts";
export type {
  ConflictChunk,
  MergeChunk,
  MergeCounts,
  MergeFallback,
  MergeOptions,
  MergeResult,
  StableChunk,
} from "./types.ts";
export { DEFAULT_MAX_COST, type BudgetReason, type MergeBudget } from "./budget.ts";
export {
  resolveConflict,
  resolveConflicts,
  UnresolvedConflictsError,
  type Resolution,
  type Resolutions,
  type ResolveOptions,
} from "./resolve.ts";
export { renderConflictMarkers, type MarkerOptions } from "./markers.ts";
export {
  diffWords,
  refineConflict,
  type RefinedConflict,
  type RefineOptions,
  type WordChange,
  type WordDiff,
} from "./refine-words.ts";
export { splitLines, type LineTerminator } from "./split-lines.ts";
