import type { DOMPurify } from "dompurify";
import MarkdownIt from "markdown-it";

/**
 * The preview's rendering policy, in one place (README "Preview and sanitizing"):
 * - markdown-it renders CommonMark plus the GFM tables, strikethrough and autolinks; raw HTML
 *   in the source is shown as text (never parsed), and everything it produces still goes
 *   through DOMPurify.
 * - Only the tags and attributes below survive: no script, style, form, frame, media, SVG or
 *   MathML, no event handlers, no style or class attributes (a class could pull the app's own
 *   styles over the page), no data attributes; ids and names get a prefix (no DOM clobbering).
 * - Links only to http, https, mailto or the app itself; links that leave the app open in a new
 *   tab with rel="noopener noreferrer" (the editor with unsaved text stays where it is).
 * - Images only from the app's own origin; any other image is replaced by its alt text, so a
 *   document cannot make a reader's browser call anyone (the page's CSP says the same).
 */
const ALLOWED_TAGS = [
  "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
  "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
  "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td",
  "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
];
const ALLOWED_ATTR = ["href", "src", "alt", "title", "align", "colspan", "rowspan", "start", "reversed", "open", "id", "name", "rel", "target"];
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

export type RenderMarkdown = (source: string) => string;

/** markdown-it writes column alignment as a style attribute; the sanitizer drops styles, so say it with `align`. */
function alignWithoutStyle(md: InstanceType<typeof MarkdownIt>) {
  for (const rule of ["th_open", "td_open"] as const) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      const token = tokens[idx]!;
      const style = token.attrGet("style");
      const align = String(style ?? "").match(/^text-align:(left|right|center)$/)?.[1];
      if (style !== null) token.attrs = (token.attrs ?? []).filter(([name]) => name !== "style");
      if (align) token.attrSet("align", align);
      return self.renderToken(tokens, idx, options);
    };
  }
}

function resolve(url: string, origin: string): URL | null {
  try {
    return new URL(url, `${origin}/`);
  } catch {
    return null;
  }
}

/**
 * Markdown source → sanitized HTML for the preview. `purify` is a DOMPurify instance of the
 * window the HTML will go into (a jsdom window in tests); `origin` is the app's own origin.
 */
export function createMarkdownRenderer(purify: DOMPurify, origin: string): RenderMarkdown {
  // Raw HTML is shown as text, never parsed: the sanitizer then never has a live handler or a
  // <base> in its parse document (Chromium reports, and the CSP blocks, even those).
  const md = new MarkdownIt("default", { html: false, linkify: true, typographer: false });
  alignWithoutStyle(md);

  purify.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName === "A") {
      const href = node.getAttribute("href");
      if (href === null) return;
      const url = resolve(href, origin);
      if (!url || !LINK_PROTOCOLS.has(url.protocol)) {
        node.removeAttribute("href");
        return;
      }
      node.removeAttribute("target");
      node.setAttribute("rel", "noopener noreferrer");
      if (url.origin !== origin) node.setAttribute("target", "_blank");
    } else if (node.nodeName === "IMG") {
      const url = resolve(node.getAttribute("src") ?? "", origin);
      if (!url || url.origin !== origin || !/^https?:$/.test(url.protocol)) {
        node.replaceWith(node.ownerDocument.createTextNode(node.getAttribute("alt") ?? ""));
      }
    }
  });

  const config = {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    SANITIZE_NAMED_PROPS: true,
    KEEP_CONTENT: true,
  };
  return (source) => purify.sanitize(md.render(source), config);
}
