export { fullJitterDelay, MAX_ATTEMPTS, sleep, type RetryOptions } from "./backoff.js";
export { RETRY_HEADER } from "@tandem/contract";
export { DocumentsClient, RetriesExhaustedError, type ClientOptions, type UpdateOptions, type UpdateResult } from "./client.js";
export {
  ConflictError,
  GoneError,
  isTransient,
  NetworkError,
  NotFoundError,
  PreconditionRequiredError,
  ServerError,
  TandemHttpError,
  WriteOutcomeUnknownError,
} from "./errors.js";
export type { DeletedInfo, DocumentInput, DocumentSummary, DocumentView, Problem, Revision, RevisionSummary, Versioned } from "./types.js";
