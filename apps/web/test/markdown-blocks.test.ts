import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { describe, expect, it, vi } from "vitest";
import { patchBlocks, type MountedBlock } from "@/features/documents/client/markdown/patch-blocks.ts";
import { createMarkdownRendering } from "@/features/documents/client/markdown/render-markdown.ts";
import { XSS_CORPUS } from "../../../e2e/support/xss-corpus.ts";

const ORIGIN = "https://tandem.test";
const window = new JSDOM("", { url: `${ORIGIN}/documents/doc-1` }).window;
type Purify = ReturnType<typeof createDOMPurify>;
const newPurify = (): Purify => createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);

const RICH = [
  "# Plan",
  "",
  "Intro with a [reference][ref] and *emphasis*.",
  "Setext heading",
  "---",
  "",
  "- one",
  "- two",
  "  - nested",
  "",
  "1. first",
  "",
  "   loose",
  "2. second",
  "",
  "> quote",
  "> > deeper",
  "",
  "```js",
  "const x = 1;",
  "",
  "```",
  "",
  "    indented code",
  "",
  "| a | b |",
  "|:--|--:|",
  "| 1 | 2 |",
  "",
  "***",
  "",
  "[ref]: https://example.com/ref \"Ref\"",
  "",
  "<div>raw html as text</div>",
  "",
].join("\n");

describe("the preview's rendering, block by block", () => {
  it.each([
    ["a rich document", RICH],
    ["the same with CRLF line ends", RICH.replaceAll("\n", "\r\n")],
    ["the XSS corpus", XSS_CORPUS.map((payload, i) => `Payload ${i + 1}:\n\n${payload}\n`).join("\n")],
    ["no final newline", "para\n\n- a\n- b"],
    ["empty", ""],
    ["blank lines only", "\n\n\n"],
  ])("joined, the blocks are the whole document's HTML: %s", (_name, source) => {
    const rendering = createMarkdownRendering(newPurify(), ORIGIN);
    expect(rendering.renderBlocks(source).map((b) => b.html).join("")).toBe(rendering.render(source));
  });

  it("sanitizes again only the blocks an edit changed", () => {
    const purify = newPurify();
    const rendering = createMarkdownRendering(purify, ORIGIN);
    const first = rendering.renderBlocks(RICH);
    const sanitize = vi.spyOn(purify, "sanitize");
    const edited = RICH.replace("- two", "- two, edited");
    const second = rendering.renderBlocks(edited);
    expect(sanitize).toHaveBeenCalledTimes(1);
    expect(second.map((b) => b.html).join("")).toBe(rendering.render(edited));
    expect(second.filter((b, i) => b.key !== first[i]!.key)).toHaveLength(1);
  });

  it("re-renders a link when its reference definition changes elsewhere", () => {
    const rendering = createMarkdownRendering(newPurify(), ORIGIN);
    rendering.renderBlocks(RICH);
    const moved = rendering.renderBlocks(RICH.replace("https://example.com/ref", "https://example.com/moved"));
    expect(moved.map((b) => b.html).join("")).toContain('href="https://example.com/moved"');
  });
});

describe("patchBlocks (the preview's DOM)", () => {
  /** What a container shows when `html` is put in it whole. */
  const whole = (html: string) => {
    const host = window.document.createElement("article");
    host.innerHTML = html;
    return host.innerHTML;
  };
  // Seeded, so a failure can be replayed.
  function random(seed: number) {
    return (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  }
  const PIECES = ["# Title", "text", "- item", "  - sub", "1. num", "> quote", "```", "code", "", "", "| a | b |", "|---|---|", "[x][ref]", "[ref]: /documents/x", "***", "Setext", "===", "<b>raw</b>"];

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("after a run of random edits the container equals the whole render (seed %i)", (seed) => {
    const next = random(seed);
    const rendering = createMarkdownRendering(newPurify(), ORIGIN);
    const container = window.document.createElement("article");
    let mounted: MountedBlock[] = [];
    let lines = Array.from({ length: 30 }, () => PIECES[next(PIECES.length)]!);
    for (let step = 0; step < 60; step++) {
      const at = next(lines.length + 1);
      const op = next(3);
      if (op === 0) lines = [...lines.slice(0, at), PIECES[next(PIECES.length)]!, ...lines.slice(at)];
      else if (op === 1 && lines.length > 0) lines = [...lines.slice(0, at), ...lines.slice(at + 1)];
      else if (lines.length > 0) lines[Math.min(at, lines.length - 1)] += " more";
      const source = lines.join("\n");
      mounted = patchBlocks(container, mounted, rendering.renderBlocks(source));
      expect(container.innerHTML, `step ${step}`).toBe(whole(rendering.render(source)));
      expect(mounted.flatMap((b) => b.nodes)).toEqual([...container.childNodes]);
    }
  });

  it("keeps the nodes of unchanged blocks (nothing there is re-laid-out)", () => {
    const rendering = createMarkdownRendering(newPurify(), ORIGIN);
    const container = window.document.createElement("article");
    const before = patchBlocks(container, [], rendering.renderBlocks("# A\n\nmiddle\n\nend\n"));
    const after = patchBlocks(container, before, rendering.renderBlocks("# A\n\nmiddle, edited\n\nend\n"));
    expect(after[0]!.nodes[0]).toBe(before[0]!.nodes[0]);
    expect(after[2]!.nodes[0]).toBe(before[2]!.nodes[0]);
    expect(after[1]!.nodes[0]).not.toBe(before[1]!.nodes[0]);
    expect(container.querySelector("p")!.textContent).toBe("middle, edited");
  });
});
