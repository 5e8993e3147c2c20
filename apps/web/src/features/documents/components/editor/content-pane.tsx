"use client";
import { useState } from "react";
import { useLazyComponent } from "@/components/lazy-component.ts";
import { Button } from "@/components/ui/button.tsx";
import { downloadMarkdown, markdownFileName } from "@/features/documents/client/export/markdown-file.ts";

// CodeMirror, markdown-it and DOMPurify are not part of the page's first load: the editor starts
// loading as the page mounts, the renderer only when a preview or read view is shown.
const loadEditor = () => import("./markdown-editor.tsx").then((m) => m.MarkdownEditor);

/** Starts fetching the editor's code while the document and the role are still loading. */
export function preloadEditor(): void {
  void loadEditor().catch(() => undefined);
}
const loadPreview = () => import("./markdown-preview.tsx").then((m) => m.MarkdownPreview);

type Tab = "write" | "preview";

/**
 * The document's text: the Markdown editor, and with Preview on its rendering — side by side on
 * wide screens, as two tabs on narrow ones. A viewer reads the rendering alone by default
 * (Preview off shows the read-only source). Download saves the text as shown, as a .md file.
 */
export function ContentPane({
  title,
  content,
  canEdit,
  viewer,
  onEdit,
}: {
  title: string;
  content: string;
  canEdit: boolean;
  viewer: boolean;
  onEdit: (content: string) => void;
}) {
  const [previewChoice, setPreviewChoice] = useState<boolean | null>(null);
  const [tab, setTab] = useState<Tab>("preview");
  const preview = previewChoice ?? viewer;
  // A viewer has nothing to write: the read view replaces the source instead of sitting beside it.
  const readView = preview && viewer;
  const split = preview && !viewer;
  const showEditor = !readView;
  const Editor = useLazyComponent(loadEditor, showEditor);
  const Preview = useLazyComponent(loadPreview, preview);

  const editorPane = Editor ? (
    <Editor value={content} onChange={onEdit} readOnly={!canEdit} label="Content" />
  ) : (
    <Placeholder>Loading the editor…</Placeholder>
  );
  const previewPane = Preview ? <Preview source={content} label={readView ? "Read view" : "Preview"} /> : <Placeholder>Rendering…</Placeholder>;

  return (
    <div>
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <span id="doc-content-label" className="block text-xs font-medium tracking-wide text-slate-500 uppercase">
          Content
        </span>
        <div className="flex items-center gap-2">
          <Button variant="ghost" className="px-2 py-1 aria-pressed:bg-brand-50 aria-pressed:text-brand-700" aria-pressed={preview} onClick={() => setPreviewChoice(!preview)}>
            Preview
          </Button>
          <Button variant="ghost" className="px-2 py-1" onClick={() => downloadMarkdown(content, markdownFileName(title))} title="Download as a Markdown file">
            Download
          </Button>
        </div>
      </div>
      {split && (
        <div role="tablist" aria-label="Editor or preview" className="mb-2 flex gap-1 rounded-lg bg-slate-100 p-1 lg:hidden">
          {(["write", "preview"] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              onClick={() => setTab(t)}
              className={`flex-1 rounded-md px-3 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${tab === t ? "bg-white shadow-sm" : "text-slate-600"}`}
            >
              {t === "write" ? "Write" : "Preview"}
            </button>
          ))}
        </div>
      )}
      <div className={split ? "grid gap-3 lg:grid-cols-2" : ""}>
        {showEditor && <div className={split && tab !== "write" ? "hidden min-w-0 lg:block" : "min-w-0"}>{editorPane}</div>}
        {preview && <div className={split && tab !== "preview" ? "hidden min-w-0 lg:block" : "min-w-0"}>{previewPane}</div>}
      </div>
    </div>
  );
}

function Placeholder({ children }: { children: string }) {
  return <div className="flex h-[60vh] min-h-64 items-center justify-center rounded-lg border border-slate-200 bg-white text-sm text-slate-500">{children}</div>;
}
