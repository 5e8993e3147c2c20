// The documents feature's refusals. A 412 carries the state that made the write fail, read in
// the same attempt, so the client can merge without another round trip.
import type { ConflictChunk } from "@tandem/conflict";
import type { DocumentMeta, DocumentRow } from "@tandem/db";
import { AppError } from "../../../platform/errors.ts";
import type { HunkFailure } from "../diff-patch/unified-diff.ts";
import { etagHeader } from "../../../platform/http/validators.ts";
import { toDeletedInfo, toView } from "./presenters.ts";

export function notFound(id: string): AppError {
  return new AppError("not-found", `There is no document with id "${id}".`);
}

/** The caller's role allows seeing the document but not this. */
export function forbidden(action: string, role: string): AppError {
  return new AppError("forbidden", `Your role on this document (${role}) does not allow you to ${action}. Its owner can change your role.`);
}

/** An id that cannot exist: answered without touching the database. */
export function noSuchId(): AppError {
  return new AppError("not-found", "There is no document with this id.");
}

export function gone(id: string, tombstone: DocumentMeta): AppError {
  return new AppError("gone", `Document "${id}" was deleted${tombstone.updatedBy ? ` by ${tombstone.updatedBy}` : ""}. Its revisions are kept; PUT with If-None-Match: * re-creates it.`, {
    deleted: toDeletedInfo(tombstone),
  });
}

export function preconditionRequired(): AppError {
  return new AppError(
    "precondition-required",
    "This write must be conditional. GET the document, then resend the request with If-Match set to the ETag you received " +
      '(or If-Match: * to overwrite whatever is there, or If-None-Match: * to create a document with this id). ' +
      "That is how Tandem guarantees that no one's edit is silently lost.",
    { requiredHeaders: ["If-Match", "If-None-Match"] },
  );
}

/**
 * The 412 of a stale write: the body carries the full current document (or, for a deleted one,
 * who deleted it and when) and the header its ETag.
 */
export function preconditionFailed(id: string, current: DocumentRow | null): AppError {
  if (!current) return new AppError("precondition-failed", `Document "${id}" does not exist.`, { current: null });
  if (current.deletedAt) {
    return new AppError(
      "precondition-failed",
      `Document "${id}" was deleted${current.updatedBy ? ` by ${current.updatedBy}` : ""} (version ${current.version}) after your copy was taken.`,
      { current: null, deleted: toDeletedInfo(current) },
    );
  }
  return new AppError(
    "precondition-failed",
    `The document changed since your copy: it is now at version ${current.version}${current.updatedBy ? `, last written by ${current.updatedBy}` : ""}. Merge your edit into "current" and resend with If-Match: ${etagHeader(current.etag)}.`,
    { current: toView(current) },
    { ETag: etagHeader(current.etag) },
  );
}

/** Prefer: merge met a true conflict: nothing is applied; the conflicts say where. */
export function mergeConflict(id: string, current: DocumentRow, conflicts: { title: readonly ConflictChunk[]; content: readonly ConflictChunk[] }): AppError {
  const count = conflicts.title.length + conflicts.content.length;
  return new AppError(
    "conflict",
    `Your write conflicts with changes made since your copy (document "${id}" is now at version ${current.version}): ${count} conflicting ${count === 1 ? "region" : "regions"}. Nothing was applied. Resolve them against "current" and resend with If-Match: ${etagHeader(current.etag)}.`,
    { current: toView(current), conflicts },
    { ETag: etagHeader(current.etag) },
  );
}

export function tooBusy(): AppError {
  return new AppError("service-unavailable", "The document is being written too often to apply this write; retry shortly.", {}, { "Retry-After": "1" });
}

/** A text/x-diff body that is not one file's unified diff (or one too large to take). */
export function invalidDiff(problem: string): AppError {
  return new AppError("invalid-diff", `The body is not a usable unified diff: ${problem}.`, { problem });
}

/** A hunk of a text/x-diff patch does not match the version it was made against: nothing is applied. */
export function patchDoesNotApply(id: string, version: number, failure: HunkFailure): AppError {
  const { hunk, at, line, expected, found } = failure;
  return new AppError(
    "patch-does-not-apply",
    `Hunk ${hunk} (${at}) does not apply to version ${version} of document "${id}" at line ${line}. Nothing was applied. Make the diff against that version's content, exactly (no fuzz, no offset).`,
    { hunk, at, line, expected, found, version },
  );
}
