"use client";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { readOnlyMarkdown } from "./markdown-look.ts";

const NONE: Extension = [];

function labelled(extensions: Extension, label: string): Extension {
  return [extensions, EditorView.contentAttributes.of({ "aria-label": label })];
}

/**
 * Read-only CodeMirror view of `text` with Markdown highlighting. CodeMirror draws only the
 * lines in view, so a 200k-line text opens as fast as a short one. `extensions` (decorations,
 * gutters) are swapped in place and a new `text` replaces the old in the same view, so the
 * reader keeps their scroll position while the text updates.
 */
export function CodeView({
  text,
  label,
  extensions = NONE,
  maxHeight = "50vh",
  className = "",
  testId,
}: {
  text: string;
  /** Accessible name of the text (the content element's aria-label). */
  label: string;
  extensions?: Extension;
  maxHeight?: string;
  className?: string;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const extra = useRef(new Compartment());
  const shown = useRef({ text, extensions, label });

  useEffect(() => {
    const { text: doc, extensions: initial, label: name } = shown.current;
    const created = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc,
        extensions: [readOnlyMarkdown(maxHeight), extra.current.of(labelled(initial, name))],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
  }, [maxHeight]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    const last = shown.current;
    if (last.text === text && last.extensions === extensions && last.label === label) return;
    current.dispatch({
      changes: last.text === text ? undefined : { from: 0, to: current.state.doc.length, insert: text },
      effects: extra.current.reconfigure(labelled(extensions, label)),
    });
    shown.current = { text, extensions, label };
  }, [text, extensions, label]);

  return <div ref={host} data-testid={testId} className={`min-w-0 overflow-hidden rounded-md border ${className}`} />;
}
