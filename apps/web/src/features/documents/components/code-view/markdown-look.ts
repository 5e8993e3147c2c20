import { markdown } from "@codemirror/lang-markdown";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

// Markdown as the reader sees it: headings bold, emphasis slanted, code and links coloured.
const markdownStyle = HighlightStyle.define([
  { tag: tags.heading, fontWeight: "700", color: "#0f172a" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
  { tag: [tags.link, tags.url], color: "#1d4ed8" },
  { tag: tags.monospace, color: "#9f1239" },
  { tag: tags.quote, color: "#475569", fontStyle: "italic" },
  { tag: [tags.processingInstruction, tags.contentSeparator, tags.meta], color: "#64748b" },
]);

const baseTheme = EditorView.theme({
  "&": { backgroundColor: "transparent", fontSize: "0.75rem" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", lineHeight: "1.25rem", overflow: "auto" },
  ".cm-content": { padding: "0.25rem 0" },
  ".cm-line": { padding: "0 0.5rem" },
  ".cm-gutters": { backgroundColor: "transparent", border: "none", color: "#64748b" },
});

/** A read-only view of Markdown text: highlighted, wrapped, selectable, not editable. */
export function readOnlyMarkdown(maxHeight: string): Extension {
  return [
    markdown(),
    syntaxHighlighting(markdownStyle),
    EditorView.lineWrapping,
    EditorView.editable.of(false),
    baseTheme,
    EditorView.theme({ "&": { maxHeight } }),
  ];
}
