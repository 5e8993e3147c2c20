import type { WordDiff } from "@tandem/conflict";

/**
 * One side of a word diff: `from` shows equal + removed runs (removed highlighted), `to` shows
 * equal + added runs. Highlighted runs are marked up as <mark>/<ins>/<del> for screen readers.
 */
export function WordDiffText({ diff, side, kind }: { diff: WordDiff; side: "from" | "to"; kind: "mine" | "theirs" }) {
  return (
    <>
      {diff.changes.map((c, i) => {
        if (c.change === "equal") return <span key={i}>{c.text}</span>;
        if (side === "from" && c.change === "removed") {
          return (
            <mark key={i} className={kind === "mine" ? "rounded-sm bg-sky-200/80 text-sky-950" : "hl-del"} data-side={kind}>
              {c.text}
            </mark>
          );
        }
        if (side === "to" && c.change === "added") {
          return (
            <mark key={i} className={kind === "theirs" ? "rounded-sm bg-violet-200/80 text-violet-950" : "hl-add"} data-side={kind}>
              {c.text}
            </mark>
          );
        }
        return null;
      })}
    </>
  );
}
