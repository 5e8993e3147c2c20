"use client";
import DOMPurify from "dompurify";
import { useEffect, useMemo, useState } from "react";
import { createMarkdownRenderer, type RenderMarkdown } from "@/features/documents/client/markdown/render-markdown.ts";

let renderer: RenderMarkdown | null = null;

/** One renderer per page: its DOMPurify instance carries the link and image hooks. */
function render(source: string): string {
  renderer ??= createMarkdownRenderer(DOMPurify(window), window.location.origin);
  return renderer(source);
}

/**
 * The document rendered (CommonMark + GFM) and sanitized: the preview beside the editor and the
 * viewers' read view. While text is being typed it renders once typing pauses, so rendering a
 * long document never stands between a keystroke and its paint.
 */
export function MarkdownPreview({ source, label }: { source: string; label: string }) {
  const settled = useSettled(source, 150);
  const html = useMemo(() => render(settled), [settled]);
  return (
    <article
      aria-label={label}
      className="markdown-body min-h-64 overflow-auto rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm lg:h-[60vh]"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/** `value` once it has not changed for `ms` (the first value at once). */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (value === settled) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}
