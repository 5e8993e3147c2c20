import type { Versioned } from "@tandem/client";

/** Title and content: the two fields a user edits and every merge treats alike. */
export interface Side {
  title: string;
  content: string;
}

export const EMPTY_SIDE: Side = { title: "", content: "" };

export function sameSide(a: Side, b: Side): boolean {
  return a.title === b.title && a.content === b.content;
}

export function sideOf(v: Pick<Versioned, "doc">): Side {
  return { title: v.doc.title, content: v.doc.content };
}
