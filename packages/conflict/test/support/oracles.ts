import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface OracleRun {
  /** Exit status: for `git merge-file` the number of conflicts, for GNU diff3 1 when there are conflicts. */
  readonly status: number;
  readonly stdout: string;
}

/**
 * Runs the reference three-way merges on temporary files: `git merge-file -p`
 * and GNU `diff3 -m -E` (-E: changes made identically on both sides are not
 * conflicts, as in git). Strings are written and read as latin1, i.e. byte
 * for byte.
 */
export class MergeOracles {
  private readonly dir = mkdtempSync(join(tmpdir(), "merge3-oracle-"));

  /** `options`: more `git merge-file` options, e.g. ["--diff3"] or ["--union"]; `labels`: mine's, base's, theirs'. */
  gitMergeFile(
    base: string,
    mine: string,
    theirs: string,
    options: readonly string[] = [],
    labels: readonly [string, string, string] = ["mine", "base", "theirs"],
  ): OracleRun {
    this.write(base, mine, theirs);
    const [mineLabel, baseLabel, theirsLabel] = labels;
    return this.spawn("git", ["merge-file", "-p", ...options, "-L", mineLabel, "-L", baseLabel, "-L", theirsLabel, "mine", "base", "theirs"]);
  }

  gnuDiff3(base: string, mine: string, theirs: string): OracleRun {
    this.write(base, mine, theirs);
    return this.spawn("diff3", ["-m", "-E", "-L", "mine", "-L", "base", "-L", "theirs", "mine", "base", "theirs"]);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(base: string, mine: string, theirs: string): void {
    writeFileSync(join(this.dir, "base"), base, "latin1");
    writeFileSync(join(this.dir, "mine"), mine, "latin1");
    writeFileSync(join(this.dir, "theirs"), theirs, "latin1");
  }

  private spawn(command: string, args: string[]): OracleRun {
    // No user or system configuration: merge.conflictStyle would change git's output.
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
    const run = spawnSync(command, args, { cwd: this.dir, encoding: "latin1", env });
    if (run.error !== undefined) throw run.error;
    if (run.status === null || run.status > 127) {
      throw new Error(`${command} failed (${String(run.status)}): ${run.stderr}`);
    }
    return { status: run.status, stdout: run.stdout };
  }
}
