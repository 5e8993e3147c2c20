// Server-Sent Events framing (WHATWG HTML §9.2): pure text functions.

/** One event. `data` is JSON (it never holds a raw line break), `id` a decimal revision id. */
export function sseEvent(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: keeps the connection warm through proxies; clients ignore it. */
export function sseComment(text = ""): string {
  return `: ${text.replace(/[\r\n]/g, " ")}\n\n`;
}

export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

/** A Last-Event-ID (or `?lastEventId=`) we could have sent: a revision id, else null. */
export function parseLastEventId(value: string | null): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return /^[0-9]{1,15}$/.test(trimmed) ? Number(trimmed) : null;
}
