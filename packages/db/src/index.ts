export { createDatabase, type Database, type DatabaseConfig, type PrismaDb, type Provider, type Tx } from "./database.ts";
export type {
  CasResult,
  CasTarget,
  Change,
  DocumentMeta,
  DocumentRow,
  DocumentsRepository,
  DocumentSummaryRow,
  RevisionKind,
  RevisionRow,
  RevisionSummaryRow,
  Stamp,
} from "./documents-repository.ts";
export type { HealthRepository } from "./health-repository.ts";
