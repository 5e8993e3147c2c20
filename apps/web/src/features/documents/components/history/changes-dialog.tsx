"use client";
import { Button } from "@/components/ui/button.tsx";
import { Modal } from "@/components/ui/modal.tsx";
import type { Notice } from "@/features/documents/client/session/state.ts";
import { DiffView } from "./diff-view.tsx";

/** "View changes": what the other writer changed, from the version we started from to theirs. */
export function ChangesDialog({ changes, onClose }: { changes: NonNullable<Notice["changes"]>; onClose: () => void }) {
  return (
    <Modal title={changes.title} onClose={onClose} className="w-[min(96vw,48rem)]">
      <div className="p-5">
        <h3 className="text-lg font-semibold">{changes.title}</h3>
        {changes.before.title !== changes.after.title && (
          <p className="mt-2 text-sm">
            Title: <del className="hl-del">{changes.before.title}</del> → <ins className="hl-add no-underline">{changes.after.title}</ins>
          </p>
        )}
        <div className="mt-3">
          <DiffView before={changes.before.content} after={changes.after.content} label="Their changes to the content" />
        </div>
        <div className="mt-4 flex justify-end">
          <Button autoFocus onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
    </Modal>
  );
}
