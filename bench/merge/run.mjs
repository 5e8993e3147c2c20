// Merge benchmark: merge3 against the diff3 npm package in-process and
// against `git merge-file` as whole processes, measured in the same run.
// Usage: node bench/merge/run.mjs [--sizes 1000,10000,50000,200000]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, platform, arch, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateMerge } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const packageDir = join(root, "packages", "conflict");
const distDir = join(packageDir, "dist");
const cliJs = join(distDir, "cli.js");

const sizesArg = process.argv.indexOf("--sizes");
const SIZES = sizesArg === -1 ? [1_000, 10_000, 50_000, 200_000] : process.argv[sizesArg + 1].split(",").map(Number);
// Repetitions per size: enough for a stable median, few enough to finish in about a minute.
const runsFor = (lines) => (lines <= 1_000 ? { inProcess: 30, processes: 11 } : lines <= 10_000 ? { inProcess: 15, processes: 9 } : lines <= 50_000 ? { inProcess: 7, processes: 7 } : { inProcess: 5, processes: 7 });
const TARGET_RATIO = 2;

function newestMtime(dir) {
  return Math.max(...readdirSync(dir).map((name) => statSync(join(dir, name)).mtimeMs));
}

/** Builds packages/conflict if dist/ is missing or older than its sources. */
function ensureBuilt() {
  if (existsSync(cliJs) && newestMtime(distDir) >= newestMtime(join(packageDir, "src"))) return;
  console.log("Building packages/conflict ...");
  const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(packageDir, "tsconfig.build.json")], { stdio: "inherit" });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function timeInProcess(fn, runs) {
  fn();
  fn(); // warm up the JIT
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const hasGnuTime = existsSync("/usr/bin/time");

/** Wall time (ms) of one run of a command with its output discarded, and its peak RSS (MB) if measurable. */
function timeProcess(command, args, cwd) {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status === null || run.status > 127) throw new Error(`${command} failed: ${run.stderr}`);
  return ms;
}

function peakRssMb(command, args, cwd) {
  if (!hasGnuTime) return undefined;
  const run = spawnSync("/usr/bin/time", ["-f", "%M", command, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const kb = Number(run.stderr.trim().split("\n").at(-1));
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

function fmt(value, digits = 1) {
  return value === undefined ? "n/a" : value.toFixed(digits);
}

ensureBuilt();
const { merge3, resolveConflicts, renderConflictMarkers } = await import(pathToFileURL(join(distDir, "index.js")).href);
const diff3Merge = createRequire(join(packageDir, "package.json"))("diff3");
const gitVersion = execFileSync("git", ["--version"], { encoding: "utf8" }).trim();
const cpu = cpus();

console.log(`Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${arch()}`);
console.log(`Node ${process.version}, ${gitVersion}`);
console.log("");

const work = mkdtempSync(join(tmpdir(), "merge3-bench-"));
const rows = [];
try {
  for (const lines of SIZES) {
    const { base, mine, theirs } = generateMerge(lines);
    const dir = join(work, String(lines));
    mkdirSync(dir);
    for (const [name, text] of Object.entries({ base, mine, theirs })) writeFileSync(join(dir, `${name}.txt`), text);
    const runs = runsFor(lines);

    // Same answer as git first: the timings mean nothing otherwise.
    const ours = merge3(base, mine, theirs);
    const git = spawnSync("git", ["merge-file", "-p", "mine.txt", "base.txt", "theirs.txt"], { cwd: dir, encoding: "latin1", maxBuffer: 1 << 30 });
    const cli = spawnSync(process.execPath, [cliJs, "mine.txt", "base.txt", "theirs.txt"], { cwd: dir, encoding: "latin1", maxBuffer: 1 << 30 });
    const status = Math.min(ours.counts.conflicts, 127);
    const sameVerdict = git.status === status && cli.status === status;
    const sameText =
      cli.stdout === git.stdout &&
      (ours.clean ? resolveConflicts(ours) : renderConflictMarkers(ours, { labels: { mine: "mine.txt", base: "base.txt", theirs: "theirs.txt" } })) === git.stdout;

    const inProcessMs = timeInProcess(() => merge3(base, mine, theirs), runs.inProcess);
    const diff3NpmMs = timeInProcess(() => diff3Merge(mine.split("\n"), base.split("\n"), theirs.split("\n")), runs.inProcess);

    const memory = JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", join(dirname(fileURLToPath(import.meta.url)), "measure-memory.mjs"), pathToFileURL(join(distDir, "index.js")).href, dir], { encoding: "utf8" }),
    );

    const cliTimes = [];
    const gitTimes = [];
    const cliArgs = [cliJs, "mine.txt", "base.txt", "theirs.txt"];
    const gitArgs = ["merge-file", "-p", "mine.txt", "base.txt", "theirs.txt"];
    for (let i = 0; i < runs.processes; i++) {
      // Alternate so that both see the same machine conditions.
      cliTimes.push(timeProcess(process.execPath, cliArgs, dir));
      gitTimes.push(timeProcess("git", gitArgs, dir));
    }
    const row = {
      lines,
      conflicts: ours.counts.conflicts,
      changes: ours.counts.fromMine + ours.counts.fromTheirs + ours.counts.fromBoth,
      inProcessMs,
      diff3NpmMs,
      extraMb: memory.extra / 2 ** 20,
      bytesPerLine: memory.extra / lines,
      cliMs: median(cliTimes),
      gitMs: median(gitTimes),
      cliRssMb: peakRssMb(process.execPath, cliArgs, dir),
      gitRssMb: peakRssMb("git", gitArgs, dir),
      sameResult: sameVerdict && sameText,
    };
    rows.push(row);
    console.log(`  ${lines} lines done`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log("");
console.log("| lines | changes merged | conflicts | merge3 in-process | diff3 npm in-process | merge3 / diff3 | µs per line | merge3 peak extra memory | bytes per line | merge3 CLI | git merge-file | CLI / git | CLI peak RSS | git peak RSS | same result as git |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
for (const r of rows) {
  console.log(
    `| ${r.lines.toLocaleString("en-US")} | ${r.changes} | ${r.conflicts} | ${fmt(r.inProcessMs)} ms | ${fmt(r.diff3NpmMs)} ms | ${fmt(r.inProcessMs / r.diff3NpmMs, 2)}× | ${fmt((r.inProcessMs * 1000) / r.lines, 2)} | ${fmt(r.extraMb)} MB | ${fmt(r.bytesPerLine, 0)} | ${fmt(r.cliMs)} ms | ${fmt(r.gitMs)} ms | ${fmt(r.cliMs / r.gitMs, 2)}× | ${fmt(r.cliRssMb)} MB | ${fmt(r.gitRssMb)} MB | ${r.sameResult ? "yes" : "NO"} |`,
  );
}
const largest = rows.at(-1);
console.log("");
if (largest !== undefined) {
  const ratio = largest.cliMs / largest.gitMs;
  console.log(
    `Target at ${largest.lines.toLocaleString("en-US")} lines: whole-process merge3 ≤ ${TARGET_RATIO}× git merge-file — measured ${ratio.toFixed(2)}×: ${ratio <= TARGET_RATIO ? "met" : "NOT met"}.`,
  );
}
if (rows.some((r) => !r.sameResult)) {
  console.log("merge3 and git merge-file disagreed on at least one input.");
  process.exitCode = 1;
}
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(join(root, "bench", "results", "merge.json"), JSON.stringify({ date: new Date().toISOString(), machine: { cpu: cpu[0]?.model, cores: cpu.length, node: process.version, git: gitVersion }, rows }, null, 2));
