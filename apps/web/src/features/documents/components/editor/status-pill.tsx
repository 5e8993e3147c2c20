export function StatusPill({ saving, dirty, version }: { saving: boolean; dirty: boolean; version: number | null }) {
  const [text, tone] = saving
    ? ["Saving…", "bg-brand-50 text-brand-700"]
    : dirty
      ? ["Unsaved changes", "bg-amber-100 text-amber-900"]
      : [`Saved${version ? ` · v${version}` : ""}`, "bg-emerald-50 text-emerald-800"];
  return (
    <span role="status" aria-live="polite" data-testid="save-status" className={`rounded-full px-2.5 py-1 text-xs font-medium whitespace-nowrap ${tone}`}>
      {text}
    </span>
  );
}
