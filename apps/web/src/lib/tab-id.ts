// A stable id for this browser tab: sessionStorage survives reloads (and Chrome's session
// restore). A duplicated tab starts with a copy of it, so callers that need one id per open
// page (the event stream's presence) add their own random suffix.
let cached: string | null = null;

/** 128 random bits in hex: getRandomValues exists on plain http too (randomUUID does not). */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function tabId(): string {
  if (cached) return cached;
  try {
    cached = sessionStorage.getItem("tandem:tab") ?? randomId();
    sessionStorage.setItem("tandem:tab", cached);
  } catch {
    cached = randomId();
  }
  return cached;
}
