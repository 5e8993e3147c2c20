// The history diff's worker: the bounded line diff of two versions (and the interleaved text
// it shows) off the page's main thread, so a large comparison never holds up typing or
// scrolling. One message in, one out; the page ends the worker when it no longer needs it.
import { presentDiff } from "./diff-presentation.ts";
import type { DiffRequest } from "./present-diff-off-thread.ts";

// Typed here rather than with the WebWorker lib, whose globals clash with the DOM lib's.
const scope = self as unknown as { onmessage: ((event: MessageEvent<DiffRequest>) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (event) => {
  scope.postMessage(presentDiff(event.data.before, event.data.after));
};
