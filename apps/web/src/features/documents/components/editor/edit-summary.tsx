"use client";
import { SUMMARY_MAX_LENGTH } from "@tandem/contract";

/** The optional one-line Summary next to Save: what the next save is about, in the writer's words. */
export function SummaryField({ value, onChange, onSubmit }: { value: string; onChange: (summary: string) => void; onSubmit: () => void }) {
  return (
    <label className="flex min-w-0 basis-full items-center gap-2 text-sm text-slate-600 sm:basis-auto">
      <span className="shrink-0">Summary</span>
      <input
        type="text"
        value={value}
        maxLength={SUMMARY_MAX_LENGTH}
        placeholder="What did you change? (optional)"
        enterKeyHint="done"
        className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 sm:w-40 sm:flex-none"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.nativeEvent.isComposing) onSubmit();
        }}
      />
    </label>
  );
}

/** Another writer's summary after a sentence about their version: " — fix dates", in italics. */
export function SummaryText({ summary, prefix = " — " }: { summary: string | null | undefined; prefix?: string }) {
  if (!summary) return null;
  return (
    <>
      {prefix}
      <em data-testid="edit-summary">{summary}</em>
    </>
  );
}
