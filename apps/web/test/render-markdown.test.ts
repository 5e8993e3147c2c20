import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { createMarkdownRenderer } from "@/features/documents/client/markdown/render-markdown.ts";
import { XSS_CORPUS } from "../../../e2e/support/xss-corpus.ts";

const ORIGIN = "https://tandem.test";
const window = new JSDOM("", { url: `${ORIGIN}/documents/doc-1` }).window;
const render = createMarkdownRenderer(createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]), ORIGIN);

/** The rendered HTML as a tree, to look at what survived. */
function rendered(source: string): HTMLElement {
  const host = window.document.createElement("div");
  host.innerHTML = render(source);
  return host;
}

const ALLOWED = new Set("a abbr b blockquote br caption code col colgroup dd del details dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby s samp small span strike strong sub summary sup table tbody td tfoot th thead tr u ul var wbr".split(" "));

describe("preview rendering (markdown-it + DOMPurify)", () => {
  it("renders CommonMark and the GFM tables, strikethrough and autolinks", () => {
    const html = render("# Title\n\n*em* **strong** `code`\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~gone~~ https://example.com\n");
    expect(html).toBe(
      '<h1>Title</h1>\n<p><em>em</em> <strong>strong</strong> <code>code</code></p>\n<table>\n<thead>\n<tr>\n<th align="left">a</th>\n<th align="right">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align="left">1</td>\n<td align="right">2</td>\n</tr>\n</tbody>\n</table>\n<p><s>gone</s> <a href="https://example.com" rel="noopener noreferrer" target="_blank">https://example.com</a></p>\n',
    );
  });

  it.each([
    ["[x](https://example.com/a)", "https://example.com/a", "_blank"],
    ["[x](mailto:a@example.com)", "mailto:a@example.com", "_blank"],
    ["[x](/documents/other)", "/documents/other", null],
    ["[x](other#part)", "other#part", null],
    [`[x](${ORIGIN}/documents/y)`, `${ORIGIN}/documents/y`, null],
  ])("keeps the link %s with rel=noopener noreferrer (new tab only when it leaves the app)", (source, href, target) => {
    const link = rendered(source).querySelector("a")!;
    expect([link.getAttribute("href"), link.getAttribute("rel"), link.getAttribute("target")]).toEqual([href, "noopener noreferrer", target]);
  });

  it.each([
    ["![cat](/static/cat.png)", "/static/cat.png"],
    ["![cat](cat.png)", "cat.png"],
  ])("keeps a same-origin image %s", (source, src) => {
    expect(rendered(source).querySelector("img")?.getAttribute("src")).toBe(src);
  });

  it.each([
    ["![cat](https://elsewhere.example/cat.png)"],
    ["![cat](//elsewhere.example/cat.png)"],
    ["<img src='/\\elsewhere.example/cat.png' alt='cat'>"],
    ["![cat](data:image/png;base64,iVBORw0KGgo=)"],
  ])("replaces an image from elsewhere by its alt text: %s", (source) => {
    const out = rendered(source);
    expect(out.querySelector("img")).toBeNull();
    expect(out.textContent).toContain("cat");
  });

  it.each(XSS_CORPUS.map((payload) => [payload]))("leaves nothing that runs or loads: %s", (payload) => {
    const out = rendered(payload);
    for (const el of out.querySelectorAll("*")) {
      expect(ALLOWED.has(el.localName), `<${el.localName}> survived`).toBe(true);
      expect(el.namespaceURI).toBe("http://www.w3.org/1999/xhtml");
      for (const attr of el.attributes) {
        expect(["style", "class", "srcset", "background", "ping", "action", "formaction"]).not.toContain(attr.name);
        expect(attr.name.startsWith("on"), `${attr.name} on <${el.localName}>`).toBe(false);
        if (attr.name === "id" || attr.name === "name") expect(attr.value.startsWith("user-content-")).toBe(true);
        expect(attr.value).not.toMatch(/javascript:|vbscript:|data:/i);
        // A plain link may point anywhere (it loads nothing until followed); nothing else may.
        if (!(el.localName === "a" && attr.name === "href")) expect(attr.value).not.toContain("evil.example");
      }
      const href = el.getAttribute("href");
      if (href !== null) expect(["http:", "https:", "mailto:"]).toContain(new URL(href, `${ORIGIN}/`).protocol);
      const src = el.getAttribute("src");
      if (src !== null) expect(new URL(src, `${ORIGIN}/`).origin).toBe(ORIGIN);
    }
  });
});
