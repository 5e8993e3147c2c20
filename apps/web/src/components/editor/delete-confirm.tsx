"use client";
import type { Versioned } from "@tandem/client";
import { useState } from "react";
import { Button } from "../ui/button";
import { Modal } from "../ui/modal";

type Outcome = { ok: true } | { ok: false; current: Versioned | null; message: string };

/** Delete with If-Match; a newer version turns into an explicit "delete anyway?" question. */
export function DeleteConfirm({
  dirty,
  onCancel,
  onDelete,
  onDeleted,
}: {
  dirty: boolean;
  onCancel: () => void;
  onDelete: (ifMatch?: string) => Promise<Outcome>;
  onDeleted: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [newer, setNewer] = useState<{ current: Versioned | null; message: string } | null>(null);

  async function run(ifMatch?: string) {
    setBusy(true);
    const outcome = await onDelete(ifMatch);
    setBusy(false);
    if (outcome.ok) return onDeleted();
    setNewer({ current: outcome.current, message: outcome.message });
  }

  return (
    <Modal title={newer ? "Document changed" : "Delete document?"} role="alertdialog" onClose={onCancel} describedBy="delete-text" className="w-[min(96vw,28rem)]">
      <div className="p-5">
        <h3 className="text-lg font-semibold">{newer ? "This document changed" : "Delete this document?"}</h3>
        <div id="delete-text" className="mt-2 space-y-2 text-sm text-slate-700">
          {newer ? (
            <p>{newer.message} Deleting now would also delete their changes.</p>
          ) : (
            <p>It disappears for everyone. Its history is kept, and it can be re-created.</p>
          )}
          {dirty && <p className="font-medium text-rose-800">Your unsaved changes will be discarded.</p>}
        </div>
        <div className="mt-5 flex justify-end gap-2">
          <Button onClick={onCancel} autoFocus>
            {newer ? "Keep it" : "Cancel"}
          </Button>
          {newer?.current ? (
            <Button variant="danger" disabled={busy} onClick={() => void run(newer.current!.etag)}>
              Delete anyway
            </Button>
          ) : newer ? null : (
            <Button variant="danger" disabled={busy} onClick={() => void run()}>
              Delete
            </Button>
          )}
        </div>
      </div>
    </Modal>
  );
}
