/** The longest file name part taken from a title (file systems allow 255 bytes; room for " v123.md"). */
const NAME_MAX = 100;
// Characters Windows, macOS or Linux refuse in a file name, and control characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]+/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * The file name a download gets: the title made safe on every common file system (unsafe
 * characters become "-", spaces collapse, no leading or trailing dots or spaces, no reserved
 * device names), "Untitled" when nothing is left, a " v<version>" for a revision, then ".md".
 */
export function markdownFileName(title: string, version?: number): string {
  let name = title.normalize("NFC").replace(UNSAFE, "-").replace(/\s+/g, " ").trim();
  name = Array.from(name).slice(0, NAME_MAX).join("");
  name = name.replace(/^[.\s]+|[.\s]+$/g, "");
  if (!name) name = "Untitled";
  if (WINDOWS_RESERVED.test(name)) name = `${name}-`;
  return `${name}${version === undefined ? "" : ` v${version}`}.md`;
}

/** Saves `content` as a Markdown file, byte for byte (UTF-8, no BOM, line endings as they are). */
export function downloadMarkdown(content: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: "text/markdown;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the object URL may go once the event loop moves on.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
