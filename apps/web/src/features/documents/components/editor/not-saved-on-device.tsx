"use client";

/**
 * The draft could not be written to this browser's storage (full, unavailable, private mode):
 * the unsaved text exists only on screen, so a crash or a closed tab would lose it.
 */
export function NotSavedOnDevice() {
  return (
    <span
      role="status"
      data-testid="draft-status"
      title="This browser could not keep a copy of your unsaved changes (its storage is full or unavailable). Save them, or copy your text somewhere safe."
      className="rounded-full bg-rose-100 px-2.5 py-1 text-xs font-medium text-rose-900"
    >
      Not saved on this device
    </span>
  );
}
