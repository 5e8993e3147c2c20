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

/** One top-level block of a document (a paragraph, a heading, a whole list, a fence…), rendered and sanitized. */
export interface RenderedBlock {
  /** Equal keys render to equal HTML (the block's tokens). */
  key: string;
  html: string;
}

export interface MarkdownRendering {
  /** The whole document, as one string. */
  render: RenderMarkdown;
  /**
   * The same HTML, block by block (joined, they are `render`'s output). Blocks whose key was
   * rendered by the previous call come from its cache: a keystroke's re-render parses the
   * document but sanitizes only the blocks it changed.
   */
  renderBlocks(source: string): RenderedBlock[];
}

type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];
type Env = NonNullable<Parameters<InstanceType<typeof MarkdownIt>["parse"]>[1]>;

/** What of a token its rendering depends on. */
function tokenKey(token: Token): unknown[] {
  return [token.type, token.tag, token.nesting, token.attrs, token.content, token.markup, token.info, token.hidden, token.children?.map(tokenKey) ?? null];
}

/** Top-level blocks as [start, end) ranges of `tokens`: an opening token at level 0 up to its close, or a lone level-0 token. */
function blockRanges(tokens: Token[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < tokens.length; ) {
    let end = i + 1;
    if (tokens[i]!.nesting === 1) while (end < tokens.length && !(tokens[end - 1]!.level === 0 && tokens[end - 1]!.nesting === -1)) end++;
    ranges.push([i, end]);
    i = end;
  }
  return ranges;
}

/**
 * Markdown source → sanitized HTML for the preview. `purify` is a DOMPurify instance of the
 * window the HTML will go into (a jsdom window in tests); `origin` is the app's own origin.
 */
export function createMarkdownRendering(purify: DOMPurify, origin: string): MarkdownRendering {
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
  const sanitize = (html: string) => purify.sanitize(html, config);

  let cache = new Map<string, string>();
  return {
    render: (source) => sanitize(md.render(source)),
    renderBlocks(source) {
      const env: Env = {};
      const tokens = md.parse(source, env);
      const next = new Map<string, string>();
      const blocks = blockRanges(tokens).map(([start, end]): RenderedBlock => {
        const slice = tokens.slice(start, end);
        // The tokens themselves, not the source lines: a block's parse can depend on what is
        // around it (the end of the text, a reference defined elsewhere — links carry the
        // resolved URL), and equal tokens always render to equal HTML.
        const key = JSON.stringify(slice.map(tokenKey));
        const html = next.get(key) ?? cache.get(key) ?? sanitize(md.renderer.render(slice, md.options, env));
        next.set(key, html);
        return { key, html };
      });
      // Only the blocks of this document stay cached: the cache never outgrows it.
      cache = next;
      return blocks;
    },
  };
}

/** The whole document at once (see createMarkdownRendering). */
export function createMarkdownRenderer(purify: DOMPurify, origin: string): RenderMarkdown {
  return createMarkdownRendering(purify, origin).render;
}
