export { fullJitterDelay, sleep, type RetryOptions } from "./backoff.js";
export { DocumentsClient, RetriesExhaustedError, type ClientOptions, type UpdateResult } from "./client.js";
export {
  ConflictError,
  GoneError,
  NetworkError,
  NotFoundError,
  PreconditionRequiredError,
  ServerError,
  TandemHttpError,
} from "./errors.js";
export type { DeletedInfo, DocumentInput, DocumentSummary, DocumentView, Problem, Revision, RevisionSummary, Versioned } from "./types.js";
