"use client";
import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A native modal <dialog>: showModal() makes the rest of the page inert (focus stays inside)
 * and Esc fires "cancel", which we route to onClose so the owner decides what closing means.
 */
export function Modal({
  title,
  onClose,
  children,
  role = "dialog",
  className = "",
  describedBy,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  role?: "dialog" | "alertdialog";
  className?: string;
  describedBy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      role={role}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className={`m-auto max-h-[92vh] w-[min(96vw,64rem)] overflow-hidden rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-2xl ${className}`}
    >
      <h2 id={titleId} className="sr-only">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
