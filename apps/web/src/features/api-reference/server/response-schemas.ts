// What the API answers, as zod schemas: the OpenAPI document's response schemas come from
// these. The contract's interfaces (which the presenters return and @tandem/client parses into)
// must be exactly these shapes — `agreement` below stops the build when either side drifts.
import {
  AUDIT_EVENT_TYPES,
  ERROR_STATUS,
  PRESENCE_STATES,
  REVISION_KINDS,
  ROLES,
  SIGNUP_MODES,
  type ApiTokenSummary,
  type AuditEntry,
  type CreatedApiToken,
  type CreatedInvitation,
  type DeletedInfo,
  type DocumentSummary,
  type SearchHit,
  type DocumentView,
  type Me,
  type Member,
  type Revision,
  type RevisionSummary,
  type SignupPolicy,
} from "@tandem/contract";
import type { ConflictChunk } from "@tandem/conflict";
import { z } from "zod";
import type { Health } from "../../health/server/check-health.ts";

const isoTime = z.iso.datetime({ offset: true });
const nullableName = z.string().nullable();

export const documentView = z
  .object({
    id: z.string().meta({ description: "Server-made UUID, or a client-made id (PUT with If-None-Match: *)." }),
    title: z.string(),
    content: z.string().meta({ description: "Markdown." }),
    version: z.number().int().min(1),
    createdAt: isoTime,
    updatedAt: isoTime,
    updatedBy: nullableName.meta({ description: "The author's name at the time of the change." }),
    updatedById: z.string().nullable(),
    summary: z.string().nullable().meta({ description: "The writer's one-line summary of the change that made this version (null: none)." }),
  })
  .meta({ id: "Document" });

export const mergedDocumentView = documentView
  .extend({
    merged: z
      .object({ base: z.number().int(), over: z.array(z.number().int()) })
      .meta({ description: "Prefer: merge was applied: the write was based on `base` and merged over the versions in `over`." }),
  })
  .meta({ id: "MergedDocument" });

export const documentSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    version: z.number().int(),
    updatedAt: isoTime,
    updatedBy: nullableName,
    updatedById: z.string().nullable(),
    role: z.enum(ROLES).meta({ description: "The caller's role on the document." }),
  })
  .meta({ id: "DocumentSummary" });

export const searchHit = documentSummary
  .extend({
    snippet: z
      .object({ text: z.string(), highlights: z.array(z.tuple([z.number().int(), z.number().int()])) })
      .meta({ description: "Where the words were found: plain text (never HTML) and the [start, end) offsets of each match in it." }),
  })
  .meta({ id: "SearchHit" });

export const revisionSummary = z
  .object({
    version: z.number().int(),
    title: z.string(),
    kind: z.enum(REVISION_KINDS),
    author: nullableName,
    authorId: z.string().nullable(),
    summary: z.string().nullable().meta({ description: "The edit summary the writer gave (null: none)." }),
    createdAt: isoTime,
    etag: z.string().meta({ description: "The revision's entity-tag, without quotes." }),
    deleted: z.boolean(),
  })
  .meta({ id: "RevisionSummary" });

export const revision = revisionSummary.extend({ documentId: z.string(), content: z.string() }).meta({ id: "Revision" });

export const deletedInfo = z.object({ version: z.number().int(), deletedAt: isoTime.nullable(), deletedBy: nullableName }).meta({ id: "DeletedInfo" });

export const me = z.object({ id: z.string(), email: z.string(), name: z.string(), isAdmin: z.boolean() }).meta({ id: "Me" });

export const member = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES) }).meta({ id: "Member" });

export const apiTokenSummary = z
  .object({ id: z.string(), label: z.string(), prefix: z.string(), createdAt: isoTime, lastUsedAt: isoTime.nullable() })
  .meta({ id: "ApiToken" });

export const createdApiToken = apiTokenSummary
  .extend({ token: z.string().meta({ description: "Shown this once: send it as `Authorization: Bearer <token>`." }) })
  .meta({ id: "CreatedApiToken" });

export const signupPolicy = z.object({ mode: z.enum(SIGNUP_MODES), firstAccount: z.boolean() }).meta({ id: "SignupPolicy" });

export const createdInvitation = z.object({ email: z.string(), url: z.string(), expiresAt: isoTime }).meta({ id: "Invitation" });

export const auditEntry = z
  .object({
    id: z.number().int(),
    at: isoTime,
    type: z.enum(AUDIT_EVENT_TYPES),
    actor: z.object({ id: z.string(), name: z.string() }).nullable(),
    documentId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AuditEntry" });

export const health = z
  .object({
    status: z.enum(["ok", "unavailable"]),
    provider: z.enum(["sqlite", "postgresql"]).optional(),
    database: z.enum(["up", "down"]).optional(),
    migrations: z.object({ current: z.boolean(), pending: z.array(z.string()) }).nullable().optional(),
  })
  .meta({ id: "Health", description: "Anyone gets `status`; operators (TANDEM_METRICS_TOKEN) get the rest." });

export const conflictChunk = z
  .object({
    kind: z.literal("conflict"),
    id: z.string(),
    base: z.array(z.string()),
    mine: z.array(z.string()),
    theirs: z.array(z.string()),
    baseStart: z.number().int(),
    mineStart: z.number().int(),
    theirsStart: z.number().int(),
    eol: z.enum(["\n", "\r\n"]),
  })
  .meta({ id: "ConflictChunk", description: "Lines (with their terminators) where the write and the newer versions changed the same text differently." });

export const presenceState = z.enum(PRESENCE_STATES);

const ERROR_CODES = Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]];

/** RFC 9457 problem details, with Tandem's extension members. */
export const problem = z
  .object({
    type: z.string().meta({ description: "`/problems/<code>`" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(ERROR_CODES),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    current: documentView.nullable().optional().meta({ description: "412 and 409 (merge conflict): the document as it is now (null: it does not exist, or was deleted)." }),
    deleted: deletedInfo.optional().meta({ description: "410, 412: who deleted the document, and when." }),
    conflicts: z
      .object({ title: z.array(conflictChunk), content: z.array(conflictChunk) })
      .optional()
      .meta({ description: "409 after Prefer: merge: where the write conflicts. Nothing was applied." }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({ description: "422: every invalid member." }),
    header: z.string().optional().meta({ description: "400 invalid-precondition / invalid-header: the header at fault." }),
    allow: z.array(z.string()).optional().meta({ description: "405: the methods the resource takes." }),
    requiredHeaders: z.array(z.string()).optional().meta({ description: "428: the preconditions a write must carry." }),
  })
  .catchall(z.unknown())
  .meta({ id: "Problem" });

// The compile-time half of "the client's types agree with the document": each schema's type is
// exactly the contract's interface, both ways round.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
export const agreement: Record<string, true> = {
  documentView: true satisfies Exactly<z.output<typeof documentView>, DocumentView>,
  documentSummary: true satisfies Exactly<z.output<typeof documentSummary>, DocumentSummary>,
  searchHit: true satisfies Exactly<z.output<typeof searchHit>, SearchHit>,
  revisionSummary: true satisfies Exactly<z.output<typeof revisionSummary>, RevisionSummary>,
  revision: true satisfies Exactly<z.output<typeof revision>, Revision>,
  deletedInfo: true satisfies Exactly<z.output<typeof deletedInfo>, DeletedInfo>,
  me: true satisfies Exactly<z.output<typeof me>, Me>,
  member: true satisfies Exactly<z.output<typeof member>, Member>,
  apiTokenSummary: true satisfies Exactly<z.output<typeof apiTokenSummary>, ApiTokenSummary>,
  createdApiToken: true satisfies Exactly<z.output<typeof createdApiToken>, CreatedApiToken>,
  signupPolicy: true satisfies Exactly<z.output<typeof signupPolicy>, SignupPolicy>,
  createdInvitation: true satisfies Exactly<z.output<typeof createdInvitation>, CreatedInvitation>,
  auditEntry: true satisfies Exactly<z.output<typeof auditEntry>, AuditEntry>,
  conflictChunk: true satisfies Exactly<z.output<typeof conflictChunk>, Mutable<ConflictChunk>>,
  // Anyone gets the status only; operators get all of it.
  health: true satisfies Exactly<z.output<typeof health>, Pick<Health, "status"> & Partial<Omit<Health, "status">>>,
};
