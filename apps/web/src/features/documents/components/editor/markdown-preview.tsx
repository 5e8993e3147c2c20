"use client";
import DOMPurify from "dompurify";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { patchBlocks, type MountedBlock } from "@/features/documents/client/markdown/patch-blocks.ts";
import { createMarkdownRendering, type MarkdownRendering } from "@/features/documents/client/markdown/render-markdown.ts";

/**
 * The document rendered (CommonMark + GFM) and sanitized: the preview beside the editor and the
 * viewers' read view. While text is being typed it renders once typing pauses, and then only
 * the blocks that changed are sanitized and replaced (patch-blocks.ts): rendering a long
 * document never stands between a keystroke and its paint.
 */
export function MarkdownPreview({ source, label }: { source: string; label: string }) {
  const settled = useSettled(source, 150);
  const article = useRef<HTMLElement>(null);
  // Each preview has its own block cache (the preview and a read view may show different texts).
  const rendering = useRef<MarkdownRendering | null>(null);
  const mounted = useRef<MountedBlock[]>([]);
  useLayoutEffect(() => {
    rendering.current ??= createMarkdownRendering(DOMPurify(window), window.location.origin);
    mounted.current = patchBlocks(article.current!, mounted.current, rendering.current.renderBlocks(settled));
  }, [settled]);
  return (
    <article
      ref={article}
      aria-label={label}
      className="markdown-body min-h-64 overflow-auto rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm lg:h-[60vh]"
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
