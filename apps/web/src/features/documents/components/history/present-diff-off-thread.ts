import { presentDiff, type DiffPresentation } from "./diff-presentation.ts";

export interface DiffRequest {
  before: string;
  after: string;
}

/** A diff's presentation, and where it was worked out. */
export interface DiffAnswer {
  presentation: DiffPresentation;
  thread: "worker" | "main";
}

export interface DiffJob {
  readonly result: Promise<DiffAnswer>;
  /** Stops the work (the worker is ended); `result` then never settles. */
  cancel(): void;
}

/**
 * presentDiff in a Web Worker, so the page stays responsive however long the diff takes within
 * its budget. Where no worker can run (no Worker, a policy that forbids it, a worker that
 * fails), the same function runs on the main thread after a task, as it did before workers.
 */
export function presentDiffOffThread(before: string, after: string): DiffJob {
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let cancelled = false;
  const result = new Promise<DiffAnswer>((resolve) => {
    const onMainThread = () => {
      worker?.terminate();
      worker = null;
      if (!cancelled) timer = setTimeout(() => resolve({ presentation: presentDiff(before, after), thread: "main" }), 0);
    };
    try {
      // Written out here for the bundler to find and build the worker; a classic worker, as
      // Turbopack's worker bootstrap loads its chunks with importScripts.
      worker = new Worker(new URL("./diff-worker.ts", import.meta.url), { name: "history-diff" });
    } catch {
      onMainThread();
      return;
    }
    worker.onmessage = (event: MessageEvent<DiffPresentation>) => {
      worker?.terminate();
      worker = null;
      resolve({ presentation: event.data, thread: "worker" });
    };
    worker.onerror = onMainThread;
    worker.onmessageerror = onMainThread;
    const request: DiffRequest = { before, after };
    worker.postMessage(request);
  });
  return {
    result,
    cancel() {
      cancelled = true;
      worker?.terminate();
      worker = null;
      if (timer) clearTimeout(timer);
    },
  };
}
