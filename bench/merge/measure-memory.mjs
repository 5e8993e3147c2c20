// Child process of run.mjs: merges one set of files in-process and reports
// the peak memory the merge added on top of the process and its inputs.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [distIndex, dir] = process.argv.slice(2);
const { merge3, resolveConflicts } = await import(distIndex);
const [base, mine, theirs] = ["base.txt", "mine.txt", "theirs.txt"].map((name) => readFileSync(join(dir, name), "latin1"));
globalThis.gc?.();
const before = process.memoryUsage().rss;
const result = merge3(base, mine, theirs);
const text = resolveConflicts(result, () => "mine");
const peak = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ before, peak, extra: Math.max(0, peak - before), chunks: result.chunks.length, length: text.length }));
