"use client";
import { Button } from "@/components/ui/button.tsx";
import { Modal } from "@/components/ui/modal.tsx";
import type { DeleteRefusal } from "@/features/documents/client/session/state.ts";

/** Delete with If-Match; a newer version turns into an explicit "delete anyway?" question. */
export function DeleteConfirm({
  dirty,
  busy,
  refusal,
  onCancel,
  onDelete,
}: {
  dirty: boolean;
  busy: boolean;
  refusal: DeleteRefusal | null;
  onCancel: () => void;
  /** `ifMatch`: the version to delete; null for the one the editor is on. */
  onDelete: (ifMatch: string | null) => void;
}) {
  const newer = refusal?.current;
  return (
    <Modal title={refusal ? "Document changed" : "Delete document?"} role="alertdialog" onClose={onCancel} describedBy="delete-text" className="w-[min(96vw,28rem)]">
      <div className="p-5">
        <h3 className="text-lg font-semibold">{refusal ? "This document changed" : "Delete this document?"}</h3>
        <div id="delete-text" className="mt-2 space-y-2 text-sm text-slate-700">
          {refusal ? (
            <p>{refusal.message} Deleting now would also delete their changes.</p>
          ) : (
            <p>It disappears for everyone. Its history is kept, and it can be re-created.</p>
          )}
          {dirty && <p className="font-medium text-rose-800">Your unsaved changes will be discarded.</p>}
        </div>
        <div className="mt-5 flex justify-end gap-2">
          <Button onClick={onCancel} autoFocus>
            {refusal ? "Keep it" : "Cancel"}
          </Button>
          {newer ? (
            <Button variant="danger" disabled={busy} onClick={() => onDelete(newer.etag)}>
              Delete anyway
            </Button>
          ) : refusal ? null : (
            <Button variant="danger" disabled={busy} onClick={() => onDelete(null)}>
              Delete
            </Button>
          )}
        </div>
      </div>
    </Modal>
  );
}
