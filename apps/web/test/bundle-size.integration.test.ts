import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// A size budget, not a timing: the editor must stay light because the merge engine, the merge
// dialog, the history views, CodeMirror and the Markdown renderer load only when needed. Reads
// what `next build` wrote.
const appDir = path.resolve(import.meta.dirname, "..");
const BUDGET_GZIP_BYTES = 250 * 1024;

interface RouteStats {
  route: string;
  firstLoadChunkPaths: string[];
}

function firstLoadGzip(route: string): number {
  const stats = JSON.parse(readFileSync(path.join(appDir, ".next/diagnostics/route-bundle-stats.json"), "utf8")) as RouteStats[];
  const entry = stats.find((s) => s.route === route);
  if (!entry) throw new Error(`no bundle stats for ${route}`);
  return entry.firstLoadChunkPaths.reduce((sum, p) => sum + gzipSync(readFileSync(path.join(appDir, p)), { level: 9 }).length, 0);
}

function firstLoadCode(route: string): string {
  const stats = JSON.parse(readFileSync(path.join(appDir, ".next/diagnostics/route-bundle-stats.json"), "utf8")) as RouteStats[];
  const entry = stats.find((s) => s.route === route)!;
  return entry.firstLoadChunkPaths.map((p) => readFileSync(path.join(appDir, p), "utf8")).join("\n");
}

describe("first-load JavaScript (built app)", () => {
  it("the editor page stays within 250 KB gzip", () => {
    expect(firstLoadGzip("/documents/[id]")).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it("the merge engine is not part of the editor's first load", () => {
    // A message only the conflict package contains (it survives minification as a literal).
    expect(firstLoadCode("/documents/[id]").includes("conflict(s) have no resolution"), "the conflict package is in the first load").toBe(false);
  });

  it("CodeMirror is not part of the editor's first load", () => {
    // The class CodeMirror gives its content element, a literal in @codemirror/view only.
    expect(firstLoadCode("/documents/[id]").includes("cm-content"), "CodeMirror is in the first load").toBe(false);
  });
});
