import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, USAGE } from "../src/cli-main.ts";

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const work = mkdtempSync(join(tmpdir(), "merge3-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function files(base: string, mine: string, theirs: string, dir = work): { base: string; mine: string; theirs: string } {
  mkdirSync(dir, { recursive: true });
  const paths = { base: join(dir, "base.txt"), mine: join(dir, "mine.txt"), theirs: join(dir, "theirs.txt") };
  writeFileSync(paths.base, base, "latin1");
  writeFileSync(paths.mine, mine, "latin1");
  writeFileSync(paths.theirs, theirs, "latin1");
  return paths;
}

/** Runs the CLI in-process and collects what it prints. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  let stderr = "";
  const status = await runCli(args, {
    stdout: async (data) => {
      out.push(Buffer.from(data));
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { status, stdout: Buffer.concat(out).toString("latin1"), stderr };
}

function gitMergeFile(...args: string[]): { status: number; stdout: string } {
  const run = spawnSync("git", ["merge-file", "-p", ...args], { encoding: "latin1" });
  return { status: run.status ?? -1, stdout: run.stdout };
}

describe("merge3 MINE BASE THEIRS (in-process)", () => {
  it("prints a clean merge like git merge-file -p and exits 0", async () => {
    const f = files("a\r\nb\nc\nd\ne", "A\r\nb\nc\nd\ne", "a\r\nb\nc\nd\nE");
    const result = await cli(f.mine, f.base, f.theirs);
    expect(result).toEqual({ status: 0, stdout: "A\r\nb\nc\nd\nE", stderr: "" });
    expect(gitMergeFile(f.mine, f.base, f.theirs)).toEqual({ status: 0, stdout: result.stdout });
  });

  it("exits with the number of conflicts and labels markers with the file names", async () => {
    const f = files("a\nb\nc\nd\ne\nf\ng\nh\n", "A1\nb\nc\nd\ne\nf\ng\nH1\n", "A2\nb\nc\nd\ne\nf\ng\nH2\n");
    const result = await cli(f.mine, f.base, f.theirs);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe(
      `<<<<<<< ${f.mine}\nA1\n=======\nA2\n>>>>>>> ${f.theirs}\nb\nc\nd\ne\nf\ng\n<<<<<<< ${f.mine}\nH1\n=======\nH2\n>>>>>>> ${f.theirs}\n`,
    );
    // git finds the same two conflicts (they are more than three lines apart).
    expect(gitMergeFile(f.mine, f.base, f.theirs)).toEqual({ status: 2, stdout: result.stdout });
  });

  it("caps the exit status at 127 conflicts", async () => {
    // Four lines of text between conflicts keep git (and us) from joining them.
    const lines = (side: string) => Array.from({ length: 200 }, (_, i) => `${i}${side}\nkeep\nkeep\nkeep\nkeep\n`).join("");
    const f = files(lines(""), lines("m"), lines("t"));
    expect((await cli(f.mine, f.base, f.theirs)).status).toBe(127);
  });

  it("shows the base section with --diff3 and takes labels from -L", async () => {
    const f = files("a\nb\nc\n", "a\nB1\nc\n", "a\nB2\nc\n");
    const result = await cli("--diff3", "-L", "ours", "-L", "common", "-L", "theirs ✓", f.mine, f.base, f.theirs);
    expect(result.stdout).toBe("a\n<<<<<<< ours\nB1\n||||||| common\nb\n=======\nB2\n>>>>>>> theirs ✓\nc\n".replace("✓", "\u00e2\u009c\u0093"));
    expect(result.status).toBe(1);
    const git = gitMergeFile("--diff3", "-L", "ours", "-L", "common", "-L", "theirs ✓", f.mine, f.base, f.theirs);
    expect(git.stdout).toBe(result.stdout);
  });

  it("writes the result to a file with -o, and back into MINE with --in-place", async () => {
    const f = files("a\nb\nc\nd\n", "A\nb\nc\nd\n", "a\nb\nc\nD\n");
    const output = join(work, "merged.txt");
    expect(await cli("-o", output, f.mine, f.base, f.theirs)).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(output, "latin1")).toBe("A\nb\nc\nD\n");
    expect(await cli("--in-place", f.mine, f.base, f.theirs)).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(f.mine, "latin1")).toBe("A\nb\nc\nD\n");
  });

  it("keeps bytes that are not UTF-8 as they are", async () => {
    const f = files("caf\xe9\nb\nc\n", "caf\xe9\nB\nc\n", "caf\xe9\nb\nc\n\xff\n");
    expect(await cli(f.mine, f.base, f.theirs)).toMatchObject({ status: 0, stdout: "caf\xe9\nB\nc\n\xff\n" });
  });

  it("honours --marker-size", async () => {
    const f = files("a\n", "b\n", "c\n");
    expect((await cli("--marker-size", "3", "-L", "m", "-L", "o", "-L", "t", f.mine, f.base, f.theirs)).stdout).toBe(
      "<<< m\nb\n===\nc\n>>> t\n",
    );
  });

  it("says on stderr when it fell back to a whole-file conflict, within --max-cost", async () => {
    // Reordered lines: the diffs need far more steps than the budget allows.
    const base = Array.from({ length: 2_000 }, (_, i) => `${(i * 7919) % 1009}\n`);
    const f = files(base.join(""), [...base].reverse().join(""), [...base].sort().join(""));
    const result = await cli("--max-cost", "10000", "-L", "m", "-L", "o", "-L", "t", f.mine, f.base, f.theirs);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(`<<<<<<< m\n${[...base].reverse().join("")}=======\n${[...base].sort().join("")}>>>>>>> t\n`);
    expect(result.stderr).toMatch(/too different to merge line by line/);
    expect((await cli("-q", "--max-cost", "10000", f.mine, f.base, f.theirs)).stderr).toBe("");
    // With the default budget the same files merge line by line.
    expect((await cli(f.mine, f.base, f.theirs)).stderr).toBe("");
  });

  it.each([
    { name: "a missing file", args: ["nope-mine", "nope-base", "nope-theirs"], message: /cannot read MINE file nope-mine: no such file/ },
    { name: "too few files", args: ["only-one"], message: /expected 3 files \(MINE BASE THEIRS\), got 1/ },
    { name: "an unknown option", args: ["--frobnicate", "a", "b", "c"], message: /Unknown option '--frobnicate'/ },
    { name: "a bad marker size", args: ["--marker-size", "x", "a", "b", "c"], message: /--marker-size must be a whole number/ },
    { name: "a bad budget", args: ["--max-cost", "1e9", "a", "b", "c"], message: /--max-cost must be a whole number/ },
    { name: "four labels", args: ["-L", "1", "-L", "2", "-L", "3", "-L", "4", "a", "b", "c"], message: /at most three -L labels/ },
    { name: "-o with --in-place", args: ["-o", "x", "--in-place", "a", "b", "c"], message: /either -o FILE or --in-place/ },
  ])("exits 255 with a message and no stack trace on $name", async ({ args, message }) => {
    const result = await cli(...args);
    expect(result.status).toBe(255);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^merge3: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses binary files, as git does", async () => {
    const f = files("a\0b\n", "a\0c\n", "a\0b\n");
    const result = await cli(f.mine, f.base, f.theirs);
    expect(result).toMatchObject({ status: 255, stdout: "" });
    expect(result.stderr).toMatch(/cannot merge binary file/);
  });

  it("reports an output file it cannot write", async () => {
    const f = files("a\n", "a\n", "a\n");
    const result = await cli("-o", join(work, "no-such-dir", "out.txt"), f.mine, f.base, f.theirs);
    expect(result.status).toBe(255);
    expect(result.stderr).toMatch(/^merge3: cannot write .*out\.txt: no such file or directory\n$/);
  });

  it("prints its usage with --help", async () => {
    expect(await cli("--help")).toEqual({ status: 0, stdout: USAGE, stderr: "" });
  });
});

describe("the compiled merge3 command", () => {
  // Compile this source tree, so the test checks the code it sits next to and
  // not whatever dist/ was last built. Inside node_modules so that the
  // package's dependencies resolve from the output.
  const outDir = join(packageDir, "node_modules", ".cache", `merge3-cli-test-${process.pid}`);
  const cliJs = join(outDir, "cli.js");

  beforeAll(() => {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    execFileSync(
      process.execPath,
      [tsc, "-p", join(packageDir, "tsconfig.build.json"), "--outDir", outDir, "--declaration", "false", "--sourceMap", "false"],
      { stdio: "pipe" },
    );
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const run = (args: string[], cwd = work) => spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: "latin1" });

  it("starts with a shebang so it can run as a program", () => {
    expect(readFileSync(cliJs, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("prints what git merge-file -p prints and exits with the conflict count", () => {
    const dir = join(work, "compiled");
    const clean = files("one\ntwo\nthree\nfour\nfive\n", "ONE\ntwo\nthree\nfour\nfive\n", "one\ntwo\nthree\nfour\nFIVE\n", dir);
    const ours = run([clean.mine, clean.base, clean.theirs]);
    expect({ status: ours.status, stdout: ours.stdout, stderr: ours.stderr }).toEqual({
      status: 0,
      stdout: gitMergeFile(clean.mine, clean.base, clean.theirs).stdout,
      stderr: "",
    });
    const conflicted = files("a\nb\nc\n", "a\nB1\nc\n", "a\nB2\nc\n", dir);
    const withConflict = run(["-L", "mine", "-L", "base", "-L", "theirs", conflicted.mine, conflicted.base, conflicted.theirs]);
    expect(withConflict.status).toBe(1);
    expect(withConflict.stdout).toBe("a\n<<<<<<< mine\nB1\n=======\nB2\n>>>>>>> theirs\nc\n");
  });

  it("stops quietly when the reader of its output goes away (merge3 … | head)", async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i}\n`);
    const f = files(lines.join(""), ["changed\n", ...lines.slice(1)].join(""), [...lines.slice(0, -1), "end\n"].join(""), join(work, "pipe"));
    const child = spawn(process.execPath, [cliJs, f.mine, f.base, f.theirs], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });

  it("exits 255 with one line on stderr for a missing file", () => {
    const missing = run(["missing-mine.txt", "missing-base.txt", "missing-theirs.txt"]);
    expect(missing.status).toBe(255);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toBe("merge3: cannot read MINE file missing-mine.txt: no such file or directory\n");
  });

  it("takes relative paths from where `pnpm merge3` was typed, not from the repository root", () => {
    const dir = join(work, "typed-here");
    const f = files("a\nb\nc\nd\n", "A\nb\nc\nd\n", "a\nb\nc\nD\n", dir);
    expect(f.mine.startsWith(dir)).toBe(true);
    const env = { ...process.env, npm_lifecycle_event: "merge3", INIT_CWD: dir };
    const viaScript = spawnSync(process.execPath, [cliJs, "-o", "out.txt", "mine.txt", "base.txt", "theirs.txt"], {
      cwd: packageDir,
      env,
      encoding: "utf8",
    });
    expect(viaScript.status).toBe(0);
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe("A\nb\nc\nD\n");
    // Run directly (not as the package script), paths are relative to the working directory as usual.
    const direct = spawnSync(process.execPath, [cliJs, "mine.txt", "base.txt", "theirs.txt"], {
      cwd: packageDir,
      env: { ...env, npm_lifecycle_event: "test" },
      encoding: "utf8",
    });
    expect(direct.status).toBe(255);
    expect(direct.stderr).toBe("merge3: cannot read MINE file mine.txt: no such file or directory\n");
  });

  it("works as a git merge driver", () => {
    const repo = join(work, "repo");
    mkdirSync(repo);
    const git = (...args: string[]) =>
      spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], { cwd: repo, encoding: "utf8" });
    git("init", "-q", "-b", "main");
    git("config", "merge.tandem.name", "Tandem three-way merge");
    git("config", "merge.tandem.driver", `"${process.execPath}" "${cliJs}" --marker-size %L -L ours -L base -L theirs -o %A %A %O %B`);
    writeFileSync(join(repo, ".gitattributes"), "*.md merge=tandem\n");
    writeFileSync(join(repo, "doc.md"), "title\n\nintro\n\nbody\n\nend\n");
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("checkout", "-q", "-b", "feature");
    writeFileSync(join(repo, "doc.md"), "title\n\nintro\n\nbody (theirs)\n\nend\n");
    git("commit", "-q", "-am", "feature edit");
    git("checkout", "-q", "main");
    writeFileSync(join(repo, "doc.md"), "Title (ours)\n\nintro\n\nbody\n\nend\n");
    git("commit", "-q", "-am", "main edit");

    const clean = git("merge", "-q", "--no-edit", "feature");
    expect(clean.status).toBe(0);
    expect(readFileSync(join(repo, "doc.md"), "utf8")).toBe("Title (ours)\n\nintro\n\nbody (theirs)\n\nend\n");

    git("checkout", "-q", "-b", "other", "HEAD~2");
    writeFileSync(join(repo, "doc.md"), "title\n\nintro\n\nbody (other)\n\nend\n");
    git("commit", "-q", "-am", "other edit");
    git("checkout", "-q", "main");
    const conflicted = git("merge", "-q", "--no-edit", "other");
    expect(conflicted.status).not.toBe(0);
    expect(readFileSync(join(repo, "doc.md"), "utf8")).toBe(
      "Title (ours)\n\nintro\n\n<<<<<<< ours\nbody (theirs)\n=======\nbody (other)\n>>>>>>> theirs\n\nend\n",
    );
    expect(git("diff", "--name-only", "--diff-filter=U").stdout).toBe("doc.md\n");
  }, 60_000); // a dozen git processes: slow on a shared machine
});

describe("the package's own build output", () => {
  it("is where the root merge3 script looks for it, once built", () => {
    // The root package.json runs `node packages/conflict/dist/cli.js`; building writes it there.
    const rootScript = JSON.parse(readFileSync(join(packageDir, "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(rootScript.scripts.merge3).toBe("node packages/conflict/dist/cli.js");
    const buildConfig = JSON.parse(readFileSync(join(packageDir, "tsconfig.build.json"), "utf8")) as { compilerOptions: { outDir: string; rootDir: string } };
    expect(buildConfig.compilerOptions).toMatchObject({ outDir: "dist", rootDir: "src" });
    expect(existsSync(join(packageDir, "src", "cli.ts"))).toBe(true);
  });
});
