// Deterministic inputs for the merge benchmark: a base document and two
// edited copies with scattered, mostly separate edits plus a few conflicts.

/** Small deterministic PRNG (mulberry32), so every run merges the same texts. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua".split(" ");

function sentence(next, label) {
  const words = [];
  const count = 4 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) words.push(WORDS[Math.floor(next() * WORDS.length)]);
  return `${label} ${words.join(" ")}\n`;
}

/**
 * `lines` lines of prose-like text (a blank line every 8, as between
 * paragraphs). Each side edits about one line in a hundred — replacing,
 * inserting or deleting — at positions that leave unchanged lines between
 * the two sides' edits, and both sides edit the same line once per 20 000
 * lines, which makes a few conflicts.
 */
export function generateMerge(lines) {
  const next = random(lines);
  const base = [];
  for (let i = 0; i < lines; i++) base.push(i % 8 === 7 ? "\n" : sentence(next, `${i}.`));
  const edit = (side, offset) => {
    const out = [];
    for (let i = 0; i < lines; i++) {
      const line = base[i];
      const conflict = i % 20_000 === 10_000;
      if (conflict) out.push(`${i}. rewritten by ${side}\n`);
      else if (i % 100 !== offset) out.push(line);
      else if (i % 300 === offset) out.push(sentence(next, `${i}. ${side} replaced`));
      else if (i % 300 === offset + 100) out.push(line, sentence(next, `${i}. ${side} inserted`));
      // else: the line is deleted
    }
    return out.join("");
  };
  return { base: base.join(""), mine: edit("mine", 17), theirs: edit("theirs", 67) };
}
