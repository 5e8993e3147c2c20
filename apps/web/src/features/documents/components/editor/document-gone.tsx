"use client";
import type { DeletedInfo } from "@tandem/client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { PurgeConfirm } from "./purge-confirm.tsx";

/**
 * A document that is not there: never was, is not shared with this account (the server answers
 * both as 404, so neither is told apart), or was deleted — whose owner may purge its history.
 */
export function DocumentGone({ id, deleted, canPurge }: { id: string; deleted: DeletedInfo | null; canPurge: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [purged, setPurged] = useState(false);
  return (
    <main className="mx-auto max-w-6xl px-4 py-10 text-slate-600">
      {deleted ? (
        <p role="alert">
          This document does not exist any more: it was deleted{deleted.deletedBy ? ` by ${deleted.deletedBy}` : ""}
          {deleted.deletedAt ? ` on ${new Date(deleted.deletedAt).toLocaleString()}` : ""}.
        </p>
      ) : (
        <p role="alert">Document not found. It does not exist, or it has not been shared with you.</p>
      )}
      {deleted && canPurge && !purged && (
        <div className="mt-4 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
          <p>Its history — every version — is still kept on the server. You can erase it for good.</p>
          <Button variant="danger" className="mt-3" onClick={() => setConfirming(true)}>
            Purge history
          </Button>
        </div>
      )}
      {purged && (
        <p role="status" className="mt-4 text-sm text-slate-700">
          Purged: the document’s history is erased.
        </p>
      )}
      <Link className="mt-3 inline-block text-brand-700 underline" href="/">
        Back to all documents
      </Link>
      {confirming && (
        <PurgeConfirm
          id={id}
          onCancel={() => setConfirming(false)}
          onPurged={() => {
            setConfirming(false);
            setPurged(true);
          }}
        />
      )}
    </main>
  );
}
