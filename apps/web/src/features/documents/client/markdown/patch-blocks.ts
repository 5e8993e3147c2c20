// The preview's DOM, kept in step with the rendered blocks: only the blocks between the
// unchanged start and the unchanged end of the document are replaced, so a keystroke in a long
// document re-parses and re-lays-out one block, not the whole page.
import type { RenderedBlock } from "./render-markdown.ts";

/** A block as it is in the container: its key and the nodes its HTML made. */
export interface MountedBlock {
  key: string;
  nodes: ChildNode[];
}

/** Makes `container` show `next`, given that it shows `mounted`; returns what it shows now. */
export function patchBlocks(container: Element, mounted: readonly MountedBlock[], next: readonly RenderedBlock[]): MountedBlock[] {
  let start = 0;
  while (start < mounted.length && start < next.length && mounted[start]!.key === next[start]!.key) start++;
  let oldEnd = mounted.length;
  let newEnd = next.length;
  while (oldEnd > start && newEnd > start && mounted[oldEnd - 1]!.key === next[newEnd - 1]!.key) {
    oldEnd--;
    newEnd--;
  }
  // Inserted before the first node of the unchanged end (or at the end).
  const anchor = mounted.slice(oldEnd).find((block) => block.nodes.length > 0)?.nodes[0] ?? null;
  for (const block of mounted.slice(start, oldEnd)) for (const node of block.nodes) node.remove();
  // A template parses inert: nothing in it loads or runs before it is in the page (and what
  // is put in the page was sanitized).
  const template = container.ownerDocument.createElement("template");
  const inserted = next.slice(start, newEnd).map((block): MountedBlock => {
    template.innerHTML = block.html;
    const nodes = [...template.content.childNodes];
    container.insertBefore(template.content, anchor);
    return { key: block.key, nodes };
  });
  return [...mounted.slice(0, start), ...inserted, ...mounted.slice(oldEnd)];
}
