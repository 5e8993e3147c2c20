export type SearchParams = Record<string, string | string[] | undefined>;

/** A query parameter as one string: the first of repeated ones, null when absent or empty. */
export function firstParam(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first ? first : null;
}
