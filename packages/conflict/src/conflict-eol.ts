import { lineCount, type SplitText } from "./intern-lines.ts";
import type { LineTerminator } from "./split-lines.ts";

/**
 * The line ending of a conflict's markers (and of a line break added after
 * a section that lacks one), by git's rule (`is_cr_needed` in
 * xdiff/xmerge.c): CRLF when the line before the conflict in mine (its
 * first line if the conflict starts mine) and the same in theirs do not end
 * in LF alone, and base's first line ends in CRLF; LF otherwise. A line
 * whose ending cannot be told (an empty text, a lone unterminated line)
 * neither rules CRLF out nor in, except base's, which then means LF.
 */
export function conflictEol(mine: SplitText, mineStart: number, theirs: SplitText, theirsStart: number, base: SplitText): LineTerminator {
  const crlf =
    endsInCrlf(mine, mineStart > 0 ? mineStart - 1 : 0) !== 0 &&
    endsInCrlf(theirs, theirsStart > 0 ? theirsStart - 1 : 0) !== 0 &&
    endsInCrlf(base, 0) === 1;
  return crlf ? "\r\n" : "\n";
}

/**
 * git's `is_eol_crlf`: 1 if line `i` ends in CRLF (for an unterminated last
 * line, the line before it), 0 if in LF, -1 if it cannot be told.
 */
function endsInCrlf(split: SplitText, i: number): 1 | 0 | -1 {
  const count = lineCount(split);
  if (count === 0) return -1;
  const { text, starts } = split;
  const crlfAt = (line: number): 1 | 0 => {
    const end = starts[line + 1] as number;
    return end - (starts[line] as number) > 1 && text.charCodeAt(end - 2) === 13 ? 1 : 0;
  };
  if (i < count - 1) return crlfAt(i);
  if (text.endsWith("\n")) return crlfAt(i);
  if (i === 0) return -1;
  return crlfAt(i - 1);
}
