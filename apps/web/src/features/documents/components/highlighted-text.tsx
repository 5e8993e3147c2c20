import type { SearchSnippet } from "@tandem/contract";

/**
 * A search snippet: plain text (React escapes it) with the matched ranges in <mark>. Ranges
 * that overlap, run backwards or past the text are skipped: the text is shown, never lost.
 */
export function HighlightedText({ snippet }: { snippet: SearchSnippet }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    if (start < at || end <= start || end > snippet.text.length) continue;
    if (start > at) parts.push(snippet.text.slice(at, start));
    parts.push(<mark key={start} className="rounded bg-amber-100 px-0.5 text-slate-900">{snippet.text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < snippet.text.length) parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}
