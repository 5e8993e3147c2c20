// A stable id for this browser tab: sessionStorage survives reloads (and Chrome's session
// restore) but is never shared between two open tabs.
let cached: string | null = null;

export function tabId(): string {
  if (cached) return cached;
  try {
    cached = sessionStorage.getItem("tandem:tab") ?? crypto.randomUUID();
    sessionStorage.setItem("tandem:tab", cached);
  } catch {
    cached = crypto.randomUUID();
  }
  return cached;
}
