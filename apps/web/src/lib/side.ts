/** Title and content: the two fields a user edits and every merge treats alike. */
export interface Side {
  title: string;
  content: string;
}

export function sameSide(a: Side, b: Side): boolean {
  return a.title === b.title && a.content === b.content;
}
