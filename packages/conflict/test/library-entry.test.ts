import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as library from "../src/index.ts";

const srcDir = join(dirname(dirname(fileURLToPath(import.meta.url))), "src");

/** Every module specifier imported by `file` and, recursively, by the local modules it imports. */
function importsReachableFrom(file: string, seen = new Set<string>()): Set<string> {
  const specifiers = new Set<string>();
  if (seen.has(file)) return specifiers;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  for (const match of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)) {
    const specifier = match[1] as string;
    if (specifier.startsWith(".")) {
      const target = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
      for (const nested of importsReachableFrom(target, seen)) specifiers.add(nested);
    } else {
      specifiers.add(specifier);
    }
  }
  return specifiers;
}

describe("the library entry (src/index.ts)", () => {
  it("reaches no Node-only module and no UI framework, so it runs in a browser", () => {
    const external = [...importsReachableFrom(join(srcDir, "index.ts"))];
    expect(external).toEqual(["diff"]);
  });

  it("leaves Node's APIs to the CLI", () => {
    const cli = [...importsReachableFrom(join(srcDir, "cli.ts"))];
    expect(cli).toEqual(expect.arrayContaining(["node:fs", "node:util"]));
  });

  it("exports the documented API", () => {
    expect(Object.keys(library).sort()).toEqual(
      [
        "DEFAULT_MAX_COST",
        "UnresolvedConflictsError",
        "diffTexts",
        "diffWords",
        "merge3",
        "mergeLines",
        "refineConflict",
        "renderConflictMarkers",
        "resolveConflict",
        "resolveConflicts",
        "splitLines",
      ].sort(),
    );
  });
});
