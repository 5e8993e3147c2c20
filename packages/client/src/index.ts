export { fullJitterDelay, MAX_ATTEMPTS, sleep, type RetryOptions } from "./backoff.ts";
export { RETRY_HEADER } from "@tandem/contract";
export { DocumentsClient, RetriesExhaustedError, type ClientOptions, type Page, type PageOptions, type UpdateOptions, type UpdateResult, type WriteAnswer, type WriteRetryOptions } from "./client.ts";
export {
  ConflictError,
  GoneError,
  isTransient,
  MergeConflictError,
  NetworkError,
  NotFoundError,
  PreconditionRequiredError,
  ServerError,
  TandemHttpError,
  WriteOutcomeUnknownError,
} from "./errors.ts";
export type { DeletedInfo, ConflictChunkView, DocumentInput, MergeConflicts, MergedInfo, DocumentSummary, DocumentView, Problem, Revision, RevisionSummary, Versioned } from "./types.ts";
