export { createDatabase, type Database, type DatabaseConfig, type PrismaDb, type Provider, type Tx } from "./database.ts";
export type { ChangeFeed, DocumentChange, FeedMessage, MembershipChange } from "./change-feed.ts";
export type {
  CasResult,
  CasTarget,
  Change,
  DocumentMeta,
  DocumentRow,
  DocumentsRepository,
  DocumentSummaryRow,
  ListPage,
  Page,
  SearchHitRow,
  RevisionKind,
  RevisionRow,
  RevisionSummaryRow,
  Stamp,
} from "./documents-repository.ts";
export type { HealthRepository } from "./health-repository.ts";
export type { AccountsRepository, ApiTokenRow, InvitationRow, UserRow } from "./accounts-repository.ts";
export type { AuditRepository, AuditRow, NewAuditEvent } from "./audit-repository.ts";
export type { MemberRow, MembersRepository } from "./members-repository.ts";
export type { PrincipalRow } from "./hot-path.ts";
export type { Claim, IdempotencyRepository, IdempotencyRow, StoredAnswer } from "./idempotency-repository.ts";
export { RevisionCorruptError } from "./revision-content.ts";
export type { VerifyReport } from "./revision-store.ts";
export type { SearchPage } from "./document-search.ts";
export { fts5Match, parseMarked, pgTsQuery } from "./search-terms.ts";
