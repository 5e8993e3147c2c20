import { Decoration, MatchDecorator, ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from "@codemirror/view";

// The preview shows unresolved conflicts with git's markers; they are not Markdown, so they get
// their own look instead of whatever Markdown makes of "=======" (a heading underline).
const markers = new MatchDecorator({
  regexp: /^(?:<{7}|\|{7}|={7}|>{7})(?: .*)?$/gm,
  decoration: Decoration.mark({ class: "rounded-sm bg-amber-100 font-normal text-amber-900" }),
});

/** Highlights conflict marker lines in view (MatchDecorator only scans the visible part). */
export const conflictMarkerLines = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = markers.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = markers.updateDeco(update, this.decorations);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);
