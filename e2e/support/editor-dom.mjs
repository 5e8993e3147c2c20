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
