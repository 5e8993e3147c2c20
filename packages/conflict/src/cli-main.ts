import { readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";
import { merge3 } from "./merge.ts";
import { renderConflictMarkers } from "./markers.ts";
import type { MergeBudget } from "./budget.ts";

export const USAGE = `Usage: merge3 [options] MINE BASE THEIRS

Three-way merge of MINE and THEIRS, both edited from BASE, like
\`git merge-file -p MINE BASE THEIRS\`: prints the result, with conflicts
between <<<<<<< ======= >>>>>>> markers.

Exit status: the number of conflicts (at most 127), 0 when the merge is
clean, 255 on an error (a missing file, a bad option).

Options:
  -o, --output FILE   write the result to FILE instead of standard output
      --in-place      write the result back to MINE (as git merge-file does
                      without -p)
  -p, --stdout        write to standard output (the default; accepted for
                      compatibility with git merge-file)
      --diff3         show the base text in conflicts, after |||||||
  -L LABEL            label for MINE, then BASE, then THEIRS (up to three
                      times); labels default to the file names
      --marker-size N length of the conflict markers (default 7)
      --max-cost N    most diff steps before giving up on merging line by
                      line and marking the whole file as one conflict
                      (default 100000000, a few seconds at worst)
  -q, --quiet         do not warn on standard error when the inputs were too
                      different to merge line by line
  -h, --help          show this help
`;

/** What the CLI needs from its environment, so tests can run it in-process. */
export interface CliIo {
  readonly stdout: (data: Uint8Array) => Promise<void>;
  readonly stderr: (text: string) => void;
}

/** Thrown for bad input: the message is shown as it is, without a stack trace. */
class UsageError extends Error {}

const EXIT_ERROR = 255;
const MAX_CONFLICT_STATUS = 127;
// git treats a file with a NUL byte in its first 8000 bytes as binary and refuses to merge it.
const BINARY_SNIFF_BYTES = 8000;
// A command-line merge has no tab to keep responsive, so it may work far longer
// (seconds) than the library default before giving up on line-by-line merging.
const DEFAULT_CLI_MAX_COST = 100_000_000;

/** Runs `merge3` with `args` (without the node and script paths); resolves to the exit status. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (error) {
    io.stderr(`merge3: ${describe(error)}\n`);
    return EXIT_ERROR;
  }
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options === "help") {
    await io.stdout(Buffer.from(USAGE));
    return 0;
  }
  const [minePath, basePath, theirsPath] = options.files;
  // latin1 maps each byte to one character and back, so any encoding (and
  // any invalid UTF-8) survives the merge byte for byte.
  const mine = readInput(minePath, "MINE");
  const base = readInput(basePath, "BASE");
  const theirs = readInput(theirsPath, "THEIRS");
  const budget: MergeBudget = { maxCost: options.maxCost };
  const style = options.diff3 ? "diff3" : "merge";
  const result = merge3(base, mine, theirs, { budget, style });
  const [mineLabel = options.files[0], baseLabel = options.files[1], theirsLabel = options.files[2]] = options.labels;
  const text = renderConflictMarkers(result, {
    style,
    markerSize: options.markerSize,
    labels: { mine: asLatin1(mineLabel), base: asLatin1(baseLabel), theirs: asLatin1(theirsLabel) },
  });
  const output = Buffer.from(text, "latin1");
  if (options.output === undefined) {
    await io.stdout(output);
  } else {
    try {
      writeFileSync(fromInvocationDir(options.output), output);
    } catch (error) {
      throw new UsageError(`cannot write ${options.output}: ${describe(error)}`);
    }
  }
  if (result.fallback !== null && !options.quiet) {
    io.stderr(
      `merge3: the inputs are too different to merge line by line within the work budget; ` +
        `the whole file is marked as one conflict\n`,
    );
  }
  return Math.min(result.counts.conflicts, MAX_CONFLICT_STATUS);
}

interface CliOptions {
  readonly files: readonly [string, string, string];
  readonly labels: readonly string[];
  readonly output: string | undefined;
  readonly diff3: boolean;
  readonly markerSize: number;
  readonly maxCost: number;
  readonly quiet: boolean;
}

function parseOptions(args: readonly string[]): CliOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: "string", short: "o" },
        "in-place": { type: "boolean" },
        stdout: { type: "boolean", short: "p" },
        diff3: { type: "boolean" },
        label: { type: "string", short: "L", multiple: true },
        "marker-size": { type: "string" },
        "max-cost": { type: "string" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(`${describe(error)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return "help";
  if (positionals.length !== 3) {
    throw new UsageError(`expected 3 files (MINE BASE THEIRS), got ${positionals.length}\n${USAGE}`);
  }
  const files = positionals as [string, string, string];
  const labels = values.label ?? [];
  if (labels.length > 3) throw new UsageError("at most three -L labels (MINE, BASE, THEIRS)");
  const outputs = [values.output, values["in-place"] === true ? files[0] : undefined].filter((o) => o !== undefined);
  if (outputs.length > 1) throw new UsageError("give either -o FILE or --in-place, not both");
  if (outputs.length > 0 && values.stdout === true) throw new UsageError("-p/--stdout cannot be combined with -o or --in-place");
  const markerSize = wholeNumber("--marker-size", values["marker-size"], 7, 1, 1000);
  const maxCost = wholeNumber("--max-cost", values["max-cost"], DEFAULT_CLI_MAX_COST, 0, Number.MAX_SAFE_INTEGER);
  return {
    files,
    labels,
    output: outputs[0],
    diff3: values.diff3 === true,
    markerSize,
    maxCost,
    quiet: values.quiet === true,
  };
}

function wholeNumber(option: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/**
 * `pnpm merge3` runs the root package script from the repository root, not
 * from where it was typed; pnpm (like npm) leaves that directory in INIT_CWD,
 * so relative paths are taken from there when we run as that script.
 */
function fromInvocationDir(path: string): string {
  const invokedFrom = process.env.INIT_CWD;
  if (process.env.npm_lifecycle_event !== "merge3" || invokedFrom === undefined || isAbsolute(path)) return path;
  return resolve(invokedFrom, path);
}

// Synchronous I/O on purpose: a one-shot command has nothing else to do, and
// one read call per file beats fs/promises' chunked reads on large files.
function readInput(path: string, role: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(fromInvocationDir(path));
  } catch (error) {
    throw new UsageError(`cannot read ${role} file ${path}: ${describe(error)}`);
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    throw new UsageError(`cannot merge binary file ${path}`);
  }
  return bytes.toString("latin1");
}

/** Labels come from the command line as Unicode; output is bytes written as latin1, so encode them as UTF-8 bytes first. */
function asLatin1(label: string): string {
  return Buffer.from(label, "utf8").toString("latin1");
}

function describe(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  if (error instanceof Error) return error.message;
  return String(error);
}
