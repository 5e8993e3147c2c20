import { Histogram } from "prom-client";

/**
 * From a 412 to the same user's successful save of that document, by how the conflict was
 * resolved: `automatic` (merged without asking) or `dialog` (the user chose in the merge
 * dialog). Registered in the server's registry by createHttpMetrics.
 */
export const conflictResolutionSeconds = new Histogram({
  name: "tandem_conflict_resolution_seconds",
  help: "Time from a refused (412) write to the same user's save that resolved it, by resolution (automatic, dialog).",
  labelNames: ["resolution"] as const,
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
  registers: [],
});
