import { afterEach, describe, expect, it, vi } from "vitest";
import { presentDiff } from "@/features/documents/components/history/diff-presentation.ts";
import { presentDiffOffThread } from "@/features/documents/components/history/present-diff-off-thread.ts";

const before = "a\nb\nc\n";
const after = "a\nB\nc\nd\n";
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A Worker that fails as it starts, as one forbidden by a policy or missing its script does. */
class FailingWorker {
  onerror: (() => void) | null = null;
  onmessage: unknown = null;
  onmessageerror: unknown = null;
  terminated = false;
  static started: FailingWorker[] = [];
  constructor() {
    FailingWorker.started.push(this);
  }
  postMessage() {
    setTimeout(() => this.onerror?.(), 0);
  }
  terminate() {
    this.terminated = true;
  }
}

describe("presentDiffOffThread", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    FailingWorker.started = [];
  });

  it("where no Worker exists, answers what presentDiff answers, on the main thread", async () => {
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe("undefined");
    await expect(presentDiffOffThread(before, after).result).resolves.toEqual({ presentation: presentDiff(before, after), thread: "main" });
  });

  it("a worker that fails ends, and the main thread answers instead", async () => {
    vi.stubGlobal("Worker", FailingWorker);
    await expect(presentDiffOffThread(before, after).result).resolves.toEqual({ presentation: presentDiff(before, after), thread: "main" });
    expect(FailingWorker.started).toHaveLength(1);
    expect(FailingWorker.started[0]!.terminated).toBe(true);
  });

  /** Starts a diff, cancels it at once, and tells whether it answered all the same. */
  async function answeredAfterCancel() {
    const job = presentDiffOffThread(before, after);
    let answered = false;
    void job.result.then(() => (answered = true));
    job.cancel();
    await tick();
    return answered;
  }

  it("cancelled, it ends its worker and never answers", async () => {
    vi.stubGlobal("Worker", FailingWorker);
    expect(await answeredAfterCancel()).toBe(false);
    expect(FailingWorker.started[0]!.terminated).toBe(true);
  });

  it("cancelled without a worker, the main thread does not answer either", async () => {
    expect(await answeredAfterCancel()).toBe(false);
  });
});
