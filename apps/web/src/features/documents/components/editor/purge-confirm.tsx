"use client";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button.tsx";
import { Modal } from "@/components/ui/modal.tsx";
import { purgeDocument } from "@/features/documents/client/purge.ts";

/** Purging cannot be undone, so it is asked once more, in words that say so. */
export function PurgeConfirm({ id, onCancel, onPurged }: { id: string; onCancel: () => void; onPurged: () => void }) {
  const purge = useMutation({ mutationFn: () => purgeDocument(id), onSuccess: onPurged });
  return (
    <Modal title="Purge document?" role="alertdialog" onClose={onCancel} describedBy="purge-text" className="max-w-[min(96vw,28rem)]">
      <div className="p-5">
        <h3 aria-hidden className="text-lg font-semibold">
          Purge this document?
        </h3>
        <div id="purge-text" className="mt-2 space-y-2 text-sm text-slate-700">
          <p>This erases its history for good: every version, and the list of people it was shared with. It cannot be undone or re-created from the history.</p>
          <p>The activity log keeps a note that it was purged, never its text.</p>
        </div>
        {purge.isError && (
          <p role="alert" className="mt-3 text-sm text-rose-700">
            Could not purge: {purge.error.message}
          </p>
        )}
        <div className="mt-5 flex justify-end gap-2">
          <Button onClick={onCancel} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" disabled={purge.isPending} onClick={() => purge.mutate()}>
            Purge for good
          </Button>
        </div>
      </div>
    </Modal>
  );
}
