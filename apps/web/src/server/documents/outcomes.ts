import { AppError } from "../errors";
import { db } from "../db/client";
import { etagHeader, toView } from "./view";

export function notFound(id: string): AppError {
  return new AppError("not-found", `There is no document with id "${id}".`);
}

export function gone(id: string, tombstone: { version: number; deletedAt: Date | null; updatedBy: string | null }): AppError {
  return new AppError("gone", `Document "${id}" was deleted${tombstone.updatedBy ? ` by ${tombstone.updatedBy}` : ""}. Its revisions are kept; PUT with If-None-Match: * re-creates it.`, {
    deleted: deletedInfo(tombstone),
  });
}

function deletedInfo(t: { version: number; deletedAt: Date | null; updatedBy: string | null }) {
  return { version: t.version, deletedAt: t.deletedAt?.toISOString() ?? null, deletedBy: t.updatedBy };
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
 * who deleted it and when) and the header its ETag, so the client can merge without another
 * round trip.
 */
export async function preconditionFailed(id: string): Promise<never> {
  const row = await db().document.findUnique({ where: { id } });
  if (!row) {
    throw new AppError("precondition-failed", `Document "${id}" does not exist.`, { current: null });
  }
  if (row.deletedAt) {
    throw new AppError(
      "precondition-failed",
      `Document "${id}" was deleted${row.updatedBy ? ` by ${row.updatedBy}` : ""} (version ${row.version}) after your copy was taken.`,
      { current: null, deleted: deletedInfo(row) },
    );
  }
  throw new AppError(
    "precondition-failed",
    `The document changed since your copy: it is now at version ${row.version}${row.updatedBy ? `, last written by ${row.updatedBy}` : ""}. Merge your edit into "current" and resend with If-Match: ${etagHeader(row.etag)}.`,
    { current: toView(row) },
    { ETag: etagHeader(row.etag) },
  );
}
