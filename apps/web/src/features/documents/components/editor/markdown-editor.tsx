"use client";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { markdown } from "@codemirror/lang-markdown";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { Annotation, Compartment, EditorState, Transaction, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useLayoutEffect, useRef } from "react";
import { minimalChange } from "@/features/documents/client/editor/minimal-change.ts";

/** Marks the transactions that bring the session's text in, so they are not reported back as typing. */
const fromSession = Annotation.define<boolean>();

const theme = EditorView.theme({
  "&": { height: "60vh", minHeight: "16rem", fontSize: "0.875rem", backgroundColor: "white" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono, ui-monospace, monospace)", lineHeight: "1.5rem" },
  ".cm-content": { padding: "0.5rem 0" },
  ".cm-gutters": { backgroundColor: "rgb(248 250 252)", borderRight: "1px solid rgb(226 232 240)", color: "rgb(100 116 139)" },
  ".cm-activeLine": { backgroundColor: "rgb(248 250 252 / 0.7)" },
  "&.cm-readonly .cm-content": { caretColor: "transparent" },
});

function editable(readOnly: boolean): Extension {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly), EditorView.editorAttributes.of(readOnly ? { class: "cm-readonly" } : {})];
}

export interface MarkdownEditorProps {
  /** The session's text: applied to the editor as a minimal change whenever it differs. */
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  /** The accessible name of the text (the contract: "Content"). */
  label: string;
}

/**
 * The Markdown source editor (CodeMirror 6), controlled by the editing session: typing is
 * reported with `onChange`; a text the session sets (load, merge, live update, restore) comes in
 * as one transaction changing only what differs, outside the undo history, so the cursor and
 * the user's own undo steps survive saves and merges. The view is made once per mount.
 */
export function MarkdownEditor({ value, onChange, readOnly, label }: MarkdownEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const lastSeen = useRef(value);
  const report = useRef(onChange);
  const readOnlyCompartment = useRef(new Compartment());
  report.current = onChange;

  useLayoutEffect(() => {
    const state = EditorState.create({
      doc: lastSeen.current,
      extensions: [
        // Lines are split on "\n" only: a "\r" stays in the text, so CRLF documents keep their bytes.
        EditorState.lineSeparator.of("\n"),
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        history(),
        drawSelection(),
        search({ top: true }),
        highlightSelectionMatches(),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap]),
        markdown(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true", spellcheck: "true", autocapitalize: "sentences" }),
        readOnlyCompartment.current.of(editable(readOnly)),
        theme,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged || update.transactions.every((t) => t.annotation(fromSession))) return;
          lastSeen.current = update.state.doc.toString();
          report.current(lastSeen.current);
        }),
      ],
    });
    const created = new EditorView({ state, parent: host.current! });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // The view is made once (value and readOnly reach it through the effects below); a layout
    // effect, so it exists before the value effect first runs.
  }, [label]);

  // A layout effect: it runs in the same task as the render, before another keystroke can arrive,
  // so `value` is never older than the editor's text.
  useLayoutEffect(() => {
    const current = view.current;
    if (!current || value === lastSeen.current) return;
    lastSeen.current = value;
    const change = minimalChange(current.state.doc.toString(), value);
    if (!change) return;
    current.dispatch({
      changes: change,
      annotations: [fromSession.of(true), Transaction.addToHistory.of(false), Transaction.remote.of(true)],
    });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: readOnlyCompartment.current.reconfigure(editable(readOnly)) });
  }, [readOnly]);

  return <div ref={host} data-testid="content-editor" className="overflow-hidden rounded-lg border border-slate-300 shadow-sm focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-100" />;
}
