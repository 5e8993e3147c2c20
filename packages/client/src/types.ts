// The API's shapes are the contract's; the client re-exports them so callers need one import.
export type { DeletedInfo, ConflictChunkView, DocumentInput, MergeConflicts, MergedInfo, DocumentSummary, DocumentView, Problem, Revision, RevisionSummary, Versioned } from "@tandem/contract";
