/**
 * Line handling shared by the engine, the resolution helpers and the CLI.
 *
 * A line ends after "\n" and keeps it (so a CRLF line keeps "\r\n"); only the
 * last line of a text may lack a terminator. This is git's notion of a line,
 * which is what lets CRLF, LF, mixed endings and a missing final newline come
 * out of a merge byte for byte: lines are compared and copied, never rebuilt.
 */

export type LineTerminator = "\n" | "\r\n";

/** Splits `text` into lines that keep their terminators; `splitLines(t).join("") === t`. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf("\n", start);
    if (newline === -1) break;
    lines.push(text.slice(start, newline + 1));
    start = newline + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The terminator of `line`, or "" for an unterminated (last) line. */
export function terminatorOf(line: string): LineTerminator | "" {
  if (!line.endsWith("\n")) return "";
  return line.endsWith("\r\n") ? "\r\n" : "\n";
}

/**
 * The terminator of the last line break in `text`, or "\n" if it has none:
 * what ends an unterminated last line when more text has to follow it, in
 * the style of the text around it.
 */
export function lastTerminatorIn(text: string): LineTerminator {
  const newline = text.lastIndexOf("\n");
  return newline > 0 && text.charCodeAt(newline - 1) === 13 ? "\r\n" : "\n";
}

/**
 * Concatenates lines into text. An unterminated line can only be the last
 * line of some input; if anything follows it in the output, it is ended with
 * the terminator given when it was appended, so it is not glued to the next.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private pendingTerminator: LineTerminator | null = null;

  /** Appends lines as split by {@link splitLines}: only the last one may lack a terminator. */
  append(lines: readonly string[], terminator: LineTerminator): void {
    if (lines.length > 1) this.appendText(lines.join(""), terminator);
    else if (lines.length === 1) this.appendText(lines[0] as string, terminator);
  }

  appendText(text: string, terminator: LineTerminator): void {
    if (text === "") return;
    if (this.pendingTerminator !== null) this.parts.push(this.pendingTerminator);
    this.parts.push(text);
    this.pendingTerminator = text.endsWith("\n") ? null : terminator;
  }

  /** Ends the current line if it is open; used before a conflict marker. */
  closeLine(): void {
    if (this.pendingTerminator !== null) {
      this.parts.push(this.pendingTerminator);
      this.pendingTerminator = null;
    }
  }

  toString(): string {
    return this.parts.join("");
  }
}
