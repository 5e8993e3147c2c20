import { RangeSetBuilder, type Extension } from "@codemirror/state";
import { Decoration, EditorView, gutter, GutterMarker, ViewPlugin, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { changeAt, type ChangedLines } from "./diff-presentation.ts";

const LINE = {
  added: Decoration.line({ class: "cm-diff-added" }),
  removed: Decoration.line({ class: "cm-diff-removed" }),
};
// <ins>/<del> say "inserted"/"deleted" to screen readers, as the line colours do to the eye.
const TEXT = {
  added: Decoration.mark({ tagName: "ins", class: "cm-diff-text" }),
  removed: Decoration.mark({ tagName: "del", class: "cm-diff-text" }),
};

class SignMarker extends GutterMarker {
  constructor(private readonly sign: string) {
    super();
  }
  override eq(other: GutterMarker): boolean {
    return other instanceof SignMarker && other.sign === this.sign;
  }
  override toDOM(): Node {
    return document.createTextNode(this.sign);
  }
}
const SIGN = { added: new SignMarker("+"), removed: new SignMarker("−") };

const theme = EditorView.baseTheme({
  ".cm-diff-added": { backgroundColor: "#ecfdf5" },
  ".cm-diff-removed": { backgroundColor: "#fff1f2" },
  ".cm-diff-added .cm-diff-text": { color: "#064e3b", textDecoration: "none" },
  ".cm-diff-removed .cm-diff-text": { color: "#881337", textDecoration: "none" },
  ".cm-diff-sign": { width: "1.25rem", textAlign: "center", userSelect: "none" },
});

/**
 * Colours, <ins>/<del> and a +/− gutter for the changed lines of a shown diff. Only the lines
 * in view are decorated, so the cost does not grow with the document.
 */
export function diffDecorations(changed: readonly ChangedLines[]): Extension {
  const decorate = (view: EditorView): DecorationSet => {
    const builder = new RangeSetBuilder<Decoration>();
    for (const { from, to } of view.visibleRanges) {
      for (let pos = from; pos <= to; ) {
        const line = view.state.doc.lineAt(pos);
        const change = changeAt(changed, line.number);
        if (change) {
          builder.add(line.from, line.from, LINE[change.kind]);
          if (line.to > line.from) builder.add(line.from, line.to, TEXT[change.kind]);
        }
        pos = line.to + 1;
      }
    }
    return builder.finish();
  };
  const plugin = ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorate(view);
      }
      update(update: ViewUpdate) {
        if (update.docChanged || update.viewportChanged) this.decorations = decorate(update.view);
      }
    },
    { decorations: (p) => p.decorations },
  );
  const signs = gutter({
    class: "cm-diff-sign",
    lineMarker: (view, line) => {
      const change = changeAt(changed, view.state.doc.lineAt(line.from).number);
      return change ? SIGN[change.kind] : null;
    },
    initialSpacer: () => SIGN.removed,
  });
  return [plugin, signs, theme];
}
