import type { Extension } from "@codemirror/state";
import { Decoration, EditorView } from "@codemirror/view";
import type { MarkedText } from "./word-marks.ts";

const LOOK = {
  mine: Decoration.mark({ tagName: "mark", class: "rounded-sm bg-sky-200/80 text-sky-950", attributes: { "data-side": "mine" } }),
  theirs: Decoration.mark({ tagName: "mark", class: "rounded-sm bg-violet-200/80 text-violet-950", attributes: { "data-side": "theirs" } }),
};

/** The words only this side has, as <mark> elements (screen readers announce them as highlighted). */
export function wordMarkDecorations({ marks }: MarkedText, side: "mine" | "theirs"): Extension {
  return EditorView.decorations.of(Decoration.set(marks.map(({ from, to }) => LOOK[side].range(from, to))));
}
