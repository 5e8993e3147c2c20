// In-page functions for the CodeMirror editor (labelled "Content"), shared by the e2e fixtures,
// the demo and the benchmarks. Pass them to `locator.evaluate` on the editor's content element.

/** Inserts `text` as a paste does: at the selection, byte for byte ("\r" included). */
export function pasteText(el, text) {
  const data = new window.DataTransfer();
  data.setData("text/plain", text);
  el.dispatchEvent(new window.ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}

/** The text of the lines CodeMirror has drawn (every line of a short document), "\n"-separated. */
export function drawnText(el) {
  return Array.from(el.querySelectorAll(".cm-line"), (line) => line.textContent ?? "").join("\n");
}

/**
 * The editor's whole text, drawn or not (a long document draws only the lines in sight): read
 * from the view CodeMirror hangs on its content element (a test-only look at an internal).
 * Falls back to the drawn lines if that ever moves.
 */
export function documentText(el) {
  const view = el.cmTile?.view;
  return view?.state?.doc ? view.state.doc.toString() : drawnText(el);
}
